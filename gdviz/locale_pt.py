"""Portuguese for every text of the interface, keyed by its English (see gdviz/i18n.py).

Notation as in the lecture: W, Wᵗ, α, ∇L; "taxa de aprendizado", "ponto de sela", "ótimo local".
tests/test_i18n.py fails when a text lacks its Portuguese, when an entry is no longer used, or when
a translation drops or adds a {field}.
"""

PT: dict[str, str] = {
    # --- navigation and page titles
    "Explorer": "Explorador",
    "Lesson": "Aula",
    "Your function": "Sua função",
    "Learning rate lab": "Laboratório da taxa de aprendizado",
    "Optimizer race": "Corrida de otimizadores",
    "Stationary points": "Pontos estacionários",
    "Basins of attraction": "Bacias de atração",
    "Empirical risk": "Risco empírico",
    "gdviz — gradient descent": "gdviz — método do gradiente",
    # --- language, presenter mode, links, exports
    "language": "idioma",
    "presenter mode": "modo apresentação",
    "Presenter mode: large type, thick lines, the advanced controls folded away.": (
        "Modo apresentação: letras grandes, linhas grossas, os controles avançados recolhidos."
    ),
    "more settings": "mais ajustes",
    "Copy link": "Copiar link",
    "Link copied": "Link copiado",
    "Copy this page's address: it holds every setting, to share or to come back to.": (
        "Copia o endereço desta página: ele guarda todos os ajustes, para compartilhar ou voltar depois."
    ),
    "download this view (HTML, works offline)": "baixar esta visualização (HTML, funciona sem internet)",
    "One file with the figures and playback, to open in any browser without a network.": (
        "Um só arquivo com as figuras e a animação, para abrir em qualquer navegador sem rede."
    ),
    "download the steps (CSV)": "baixar os passos (CSV)",
    "Loss: {name}": "Função de perda: {name}",
    "W⁰ = ({x:.4g}, {y:.4g}), α = {lr:g}, {optimizer}; {outcome}.": (
        "W⁰ = ({x:.4g}, {y:.4g}), α = {lr:g}, {optimizer}; {outcome}."
    ),
    # --- the viewer
    "first step": "primeiro passo",
    "previous step": "passo anterior",
    "play": "reproduzir",
    "pause": "pausar",
    "next step": "próximo passo",
    "last step": "último passo",
    "step t": "passo t",
    "playback speed": "velocidade da animação",
    "click the map to start there": "clique no mapa para começar ali",
    "two fingers turn or move a view": "dois dedos giram ou movem uma vista",
    "The figures could not be drawn:": "Não foi possível desenhar as figuras:",
    "outside the view": "fora da vista",
    "updates on release": "atualiza ao soltar",
    "drag W⁰ to watch the path follow": "arraste W⁰ e veja o caminho acompanhar",
    # plotly's toolbar (its locale dictionary)
    "Download plot as a PNG": "Baixar o gráfico como PNG",
    "Download plot": "Baixar o gráfico",
    "Zoom": "Zoom",
    "Pan": "Mover",
    "Zoom in": "Aproximar",
    "Zoom out": "Afastar",
    "Autoscale": "Escala automática",
    "Reset axes": "Restaurar eixos",
    "Orbital rotation": "Rotação orbital",
    "Turntable rotation": "Rotação de plataforma",
    "Reset camera to default": "Restaurar a câmera padrão",
    "Reset camera to last save": "Restaurar a última câmera salva",
    "Toggle show closest data on hover": "Mostrar ou ocultar o dado mais próximo ao passar o mouse",
    "Show closest data on hover": "Mostrar o dado mais próximo ao passar o mouse",
    "Compare data on hover": "Comparar dados ao passar o mouse",
    "Toggle Spike Lines": "Mostrar ou ocultar linhas de referência",
    "Double-click to zoom back out": "Clique duas vezes para afastar de novo",
    "Double-click on legend to isolate one trace": "Clique duas vezes na legenda para isolar uma curva",
    # --- figures
    "−∇L(Wᵗ) (step direction, below)": "−∇L(Wᵗ) (direção do passo, embaixo)",
    "−∇L(Wᵗ) (step direction)": "−∇L(Wᵗ) (direção do passo)",
    "path Wᵗ": "trajetória Wᵗ",
    "path": "trajetória",
    "W⁰ (start)": "W⁰ (ponto inicial)",
    "Wᵗ (current)": "Wᵗ (atual)",
    "height": "altura",
    "∇L (field, uphill, below)": "∇L (campo, direção de subida, embaixo)",
    "∇L (field, uphill)": "∇L (campo, direção de subida)",
    "known minimum": "mínimo conhecido",
    "run {n}": "execução {n}",
    "steps to converge": "passos até convergir",
    "L at the end of the run": "L ao fim da execução",
    "final L": "L final",
    "exact": "exato",
    "local estimate": "estimativa local",
    "eigenvector, λ > 0 (curves up)": "autovetor, λ > 0 (curva para cima)",
    "eigenvector, λ < 0 (curves down)": "autovetor, λ < 0 (curva para baixo)",
    "quadratic model at ({x:.3g}, {y:.3g})": "modelo quadrático em ({x:.3g}, {y:.3g})",
    "minimum ({x:.3g}, {y:.3g})": "mínimo ({x:.3g}, {y:.3g})",
    "basins": "bacias",
    "starts": "pontos iniciais",
    "click: its path": "clique: sua trajetória",
    "minima": "mínimos",
    "path from the chosen start": "trajetória a partir do ponto inicial escolhido",
    "steps: %{z} (0: did not converge)": "passos: %{z} (0: não convergiu)",
    "data": "dados",
    "fit ({label})": "ajuste ({label})",
    # --- run outcomes
    "converged": "convergiu",
    "diverged": "divergiu",
    "max steps": "máximo de passos",
    "converged after {n} step: ‖∇L(W)‖ is small enough": ("convergiu após {n} passo: ‖∇L(W)‖ é pequeno o bastante"),
    "converged after {n} steps: ‖∇L(W)‖ is small enough": ("convergiu após {n} passos: ‖∇L(W)‖ é pequeno o bastante"),
    "converged after {n} step: ‖∇L(W)‖ ≤ {tol:g}": "convergiu após {n} passo: ‖∇L(W)‖ ≤ {tol:g}",
    "converged after {n} steps: ‖∇L(W)‖ ≤ {tol:g}": "convergiu após {n} passos: ‖∇L(W)‖ ≤ {tol:g}",
    "diverged at step {next}: {why}; the path stops at step {n}": (
        "divergiu no passo {next}: {why}; a trajetória para no passo {n}"
    ),
    "stopped after the maximum of {n} step without reaching convergence": (
        "parou após o máximo de {n} passo sem convergir"
    ),
    "stopped after the maximum of {n} steps without reaching convergence": (
        "parou após o máximo de {n} passos sem convergir"
    ),
    "stopped after the maximum of {n} step without reaching ‖∇L‖ ≤ {tol:g}": (
        "parou após o máximo de {n} passo sem alcançar ‖∇L‖ ≤ {tol:g}"
    ),
    "stopped after the maximum of {n} steps without reaching ‖∇L‖ ≤ {tol:g}": (
        "parou após o máximo de {n} passos sem alcançar ‖∇L‖ ≤ {tol:g}"
    ),
    "the weights grew past {limit:.0e} in size (α too large, or L unbounded below)": (
        "os pesos passaram de {limit:.0e} em tamanho (α grande demais, ou L ilimitada inferiormente)"
    ),
    "the step made the weights infinite or NaN": "o passo tornou os pesos infinitos ou NaN",
    "L(W) is not a finite number there (outside its domain, or overflow)": (
        "L(W) não é um número finito ali (fora do domínio, ou estouro)"
    ),
    "∇L(W) is not finite there (outside its domain, or overflow)": (
        "∇L(W) não é finito ali (fora do domínio, ou estouro)"
    ),
    "Raise the steps, or try another α.": "Aumente os passos, ou tente outro α.",
    "The figure runs at most {n} step; this α needs more, so try a larger one.": (
        "A figura executa no máximo {n} passo; este α precisa de mais, então tente um maior."
    ),
    "The figure runs at most {n} steps; this α needs more, so try a larger one.": (
        "A figura executa no máximo {n} passos; este α precisa de mais, então tente um maior."
    ),
    "The figure shows the first step of the run.": "A figura mostra o primeiro passo da execução.",
    "The figure shows the first {n} steps of the run.": "A figura mostra os primeiros {n} passos da execução.",
    "at a saddle point, not a minimum: L curves down along one direction here": (
        "num ponto de sela, não num mínimo: aqui L curva para baixo ao longo de uma direção"
    ),
    "at a maximum, not a minimum: L curves down in every direction here": (
        "num máximo, não num mínimo: aqui L curva para baixo em todas as direções"
    ),
    "at a point where the Hessian has a zero eigenvalue, so it cannot tell a minimum from a saddle": (
        "num ponto onde a Hessiana tem um autovalor nulo, e por isso ela não distingue um mínimo de um ponto de sela"
    ),
    "but L is lower {r:.2g} away from it along some directions, so it is not a minimum": (
        "mas L é menor a {r:.2g} dele em algumas direções, então não é um mínimo"
    ),
    "the weights grew past {limit:.0e} in size": "os pesos passaram de {limit:.0e} em tamanho",
    "escaped: L falls without bound (L → −∞); at step {next} {why}, so the path stops at step {n}": (
        "escapou: L decresce sem limite (L → −∞); no passo {next} {why}, e a trajetória para no passo {n}"
    ),
    "escaping: after {n} step L is still falling, and ahead of the run it falls without bound (L → −∞)": (
        "escapando: após {n} passo L ainda decresce, e à frente da execução decresce sem limite (L → −∞)"
    ),
    "escaping: after {n} steps L is still falling, and ahead of the run it falls without bound (L → −∞)": (
        "escapando: após {n} passos L ainda decresce, e à frente da execução decresce sem limite (L → −∞)"
    ),
    "oscillating forever: after {n} step W is back where it was two steps before, so the run bounces between "
    "two points and never converges": (
        "oscilando para sempre: após {n} passo W voltou aonde estava dois passos antes; a execução salta entre "
        "dois pontos e nunca converge"
    ),
    "oscillating forever: after {n} steps W is back where it was two steps before, so the run bounces between "
    "two points and never converges": (
        "oscilando para sempre: após {n} passos W voltou aonde estava dois passos antes; a execução salta entre "
        "dois pontos e nunca converge"
    ),
    "diverging: after {n} step L is still rising at every step": (
        "divergindo: após {n} passo L ainda cresce a cada passo"
    ),
    "diverging: after {n} steps L is still rising at every step": (
        "divergindo: após {n} passos L ainda cresce a cada passo"
    ),
    "escaped": "escapou",
    "escaping": "escapando",
    "saddle point": "ponto de sela",
    "oscillating": "oscilando",
    "diverging": "divergindo",
    # --- errors of the core
    "the learning rate α must be a positive finite number, got {lr!r}": (
        "a taxa de aprendizado α deve ser um número finito positivo; valor recebido: {lr!r}"
    ),
    "steps must be a whole number ≥ 0, got {steps!r}": (
        "os passos devem ser um número inteiro ≥ 0; valor recebido: {steps!r}"
    ),
    "the budget must be a whole number ≥ 1, got {budget!r}": (
        "o orçamento deve ser um número inteiro ≥ 1; valor recebido: {budget!r}"
    ),
    "the tolerance must be a number ≥ 0, got {tol!r}": "a tolerância deve ser um número ≥ 0; valor recebido: {tol!r}",
    "the start W⁰ must have finite coordinates": "o ponto inicial W⁰ deve ter coordenadas finitas",
    "every learning rate α must be a positive finite number": (
        "toda taxa de aprendizado α deve ser um número finito positivo"
    ),
    "the noise scale σ must be ≥ 0, got {sigma}": "a escala do ruído σ deve ser ≥ 0; valor recebido: {sigma}",
    "lr must be positive, got {lr}": "lr deve ser positivo; valor recebido: {lr}",
    "lr must be a positive number, got {lr}": "lr deve ser um número positivo; valor recebido: {lr}",
    "momentum must be ≥ 0, got {mu}": "momentum deve ser ≥ 0; valor recebido: {mu}",
    "momentum must be ≥ 0, got {momentum}": "momentum deve ser ≥ 0; valor recebido: {momentum}",
    "Nesterov momentum needs momentum > 0": "o momentum de Nesterov precisa de momentum > 0",
    "lr_decay must be ≥ 0, got {lr_decay}": "lr_decay deve ser ≥ 0; valor recebido: {lr_decay}",
    "initial_accumulator_value must be ≥ 0, got {value}": (
        "initial_accumulator_value deve ser ≥ 0; valor recebido: {value}"
    ),
    "eps must be ≥ 0, got {eps}": "eps deve ser ≥ 0; valor recebido: {eps}",
    "alpha must be in [0, 1], got {alpha}": "alpha deve estar em [0, 1]; valor recebido: {alpha}",
    "betas must be in [0, 1), got {betas}": "betas devem estar em [0, 1); valor recebido: {betas}",
    "c must be in (0, 1), got {c}": "c deve estar em (0, 1); valor recebido: {c}",
    "shrink must be in (0, 1), got {shrink}": "shrink deve estar em (0, 1); valor recebido: {shrink}",
    "unknown optimizer {name!r}; choose one of: {names}": (
        "otimizador desconhecido {name!r}; escolha um destes: {names}"
    ),
    "optimizer {name!r} has no hyperparameter {key!r} (it takes: {names})": (
        "o otimizador {name!r} não tem o hiperparâmetro {key!r} (ele aceita: {names})"
    ),
    "unknown loss {name!r}; choose one of: {names}": (
        "função de perda desconhecida {name!r}; escolha uma destas: {names}"
    ),
    "loss {name!r} has no parameter {key!r} (parameters: {names})": (
        "a função de perda {name!r} não tem o parâmetro {key!r} (parâmetros: {names})"
    ),
    "parameter {key} must be a number, got {value!r}": (
        "o parâmetro {key} deve ser um número; valor recebido: {value!r}"
    ),
    "parameter {key} must be finite, got {value!r}": "o parâmetro {key} deve ser finito; valor recebido: {value!r}",
    "the batch size must be between 1 and {n}, got {batch}": (
        "o tamanho do lote deve estar entre 1 e {n}; valor recebido: {batch}"
    ),
    "epochs must be between 1 and 10000, got {epochs}": (
        "as épocas devem estar entre 1 e 10.000; valor recebido: {epochs}"
    ),
    "mini-batch SGD would take {steps:,} steps over {n:,} rows, more than one run may ask for (at most "
    "{most:,} steps, and steps × rows at most {work:,}): fewer epochs or a larger batch": (
        "o SGD em minilotes levaria {steps:,} passos sobre {n:,} linhas, mais do que uma execução pode pedir "
        "(no máximo {most:,} passos, e passos × linhas no máximo {work:,}): menos épocas ou um lote maior"
    ),
    # --- formulas typed by the user
    "0 to a negative power is a division by zero": "0 elevado a uma potência negativa é uma divisão por zero",
    "a `*` is missing before this bracket": "falta um `*` antes deste parêntese",
    "a `*` is missing at column {col}: write `{left}*{right}` (a product such as `2x` or `(x+1)(y-1)` needs the `*`)": (
        "falta um `*` na coluna {col}: escreva `{left}*{right}` (um produto como `2x` ou `(x+1)(y-1)` precisa do `*`)"
    ),
    "a formula cannot start with `{found}`: expected a number, `x`, `y`, a function or `(`": (
        "uma fórmula não pode começar com `{found}`: esperava-se um número, `x`, `y`, uma função ou `(`"
    ),
    "`{found}` at column {col} cannot follow `{prev}`: expected a number, `x`, `y`, a function or `(`": (
        "`{found}` na coluna {col} não pode vir depois de `{prev}`: esperava-se um número, `x`, `y`, uma função ou `(`"
    ),
    "`{found}` at column {col} cannot follow `{prev}`: expected an operator (`+ - * / ^`) or `)`": (
        "`{found}` na coluna {col} não pode vir depois de `{prev}`: esperava-se um operador (`+ - * / ^`) ou `)`"
    ),
    "the formula ends after `{prev}`: a number, `x`, `y` or `(` must follow it": (
        "a fórmula termina depois de `{prev}`: um número, `x`, `y` ou `(` deve vir em seguida"
    ),
    "`{found}`: decimals are written with a point, `{number}`": (
        "`{found}`: os decimais se escrevem com ponto, `{number}`"
    ),
    "empty brackets `()`: put an expression inside": "parênteses vazios `()`: ponha uma expressão dentro",
    "division by zero": "divisão por zero",
    "only plain ASCII is allowed: {ch} ({name}) is not; type `x`, `y`, `*`, `**` instead": (
        "só é permitido ASCII simples, e {ch} ({name}) não é; digite `x`, `y`, `*`, `**` em vez disso"
    ),
    "only unary minus and plus are allowed": "só o menos e o mais unários são permitidos",
    "the base of this power is too large": "a base desta potência é grande demais",
    "the character {ch} is not part of a formula": "o caractere {ch} não faz parte de uma fórmula",
    "the exponent is too large (at most {most} in size)": (
        "o expoente é grande demais (no máximo {most} em valor absoluto)"
    ),
    "the formula is empty: type a function of `x` and `y`, such as `x**2 + 3*y**2`": (
        "a fórmula está vazia: digite uma função de `x` e `y`, como `x**2 + 3*y**2`"
    ),
    "the formula is nested too deeply": "a fórmula tem aninhamento profundo demais",
    "the formula is nested too deeply (depth {depth}, at most {most})": (
        "a fórmula tem aninhamento profundo demais (profundidade {depth}, no máximo {most})"
    ),
    "the formula is too deeply nested": "a fórmula tem aninhamento profundo demais",
    "the formula is not finite anywhere (a division by zero?)": (
        "a fórmula não é finita em lugar nenhum (uma divisão por zero?)"
    ),
    "the formula is not real-valued (the log or sqrt of a negative constant?)": (
        "a fórmula não tem valores reais (log ou raiz de uma constante negativa?)"
    ),
    "the formula is too big: {n} parts, at most {most}": "a fórmula é grande demais: {n} partes, no máximo {most}",
    "the formula is too complex: its derivatives take more than {seconds:g} s": (
        "a fórmula é complexa demais: suas derivadas levam mais de {seconds:g} s"
    ),
    "the formula is too long: {n} characters, at most {most}": (
        "a fórmula é longa demais: {n} caracteres, no máximo {most}"
    ),
    "the formula must be text": "a fórmula deve ser um texto",
    "the formula's derivatives are too large to compute quickly": (
        "as derivadas da fórmula são grandes demais para serem calculadas rapidamente"
    ),
    "the number `{number}` is too large (at most 1e15)": "o número `{number}` é grande demais (no máximo 1e15)",
    "the operator {op} is not allowed; use `+ - * /` and `**` (or `^`)": (
        "o operador {op} não é permitido; use `+ - * /` e `**` (ou `^`)"
    ),
    "the `)` at column {col} closes nothing: a `(` is missing before it, or this `)` is one too many": (
        "o `)` da coluna {col} não fecha nada: falta um `(` antes dele, ou este `)` está sobrando"
    ),
    "this is not a formula the app can read": "isto não é uma fórmula que o app consiga ler",
    "too many nested parentheses (at most {most})": "parênteses aninhados demais (no máximo {most})",
    "unknown function `{name}`; the functions are: {names}": "função desconhecida `{name}`; as funções são: {names}",
    "unknown name `{name}`: the variables are `x` and `y` (or `w1`, `w2`), the constants `pi` and `e`": (
        "nome desconhecido `{name}`: as variáveis são `x` e `y` (ou `w1`, `w2`), e as constantes, `pi` e `e`"
    ),
    "`{name}` is a function: put its argument in brackets, `{name}({arg})`": (
        "`{name}` é uma função: ponha o argumento entre parênteses, `{name}({arg})`"
    ),
    "`{name}(…)` takes exactly one argument": "`{name}(…)` recebe exatamente um argumento",
    "the `(` at column {col} is never closed: a `)` is missing": "o `(` da coluna {col} nunca é fechado: falta um `)`",
    "{n} `(` are never closed (the first at column {col}): {n} `)` are missing": (
        "{n} `(` nunca são fechados (o primeiro na coluna {col}): faltam {n} `)`"
    ),
    "`{value!r}` is not a number; only numbers, `x`, `y` and the listed functions are allowed": (
        "`{value!r}` não é um número; só são permitidos números, `x`, `y` e as funções listadas"
    ),
    "{what} is not allowed in a formula": "{what}: não é permitido numa fórmula",
    "attribute access (a.b)": "acesso a atributo (a.b)",
    "indexing (a[b])": "indexação (a[b])",
    "lambda": "lambda",
    "comprehensions": "compreensões",
    "comparisons": "comparações",
    "and/or": "and/or",
    "if/else": "if/else",
    "lists": "listas",
    "tuples (a comma)": "tuplas (uma vírgula)",
    "dictionaries": "dicionários",
    "sets": "conjuntos",
    "strings": "textos entre aspas",
    "assignments": "atribuições",
    "await": "await",
    "star arguments": "argumentos com asterisco",
    # --- data
    "A noisy line (synthetic)": "Uma reta com ruído (sintética)",
    "House prices (synthetic)": "Preços de casas (sintético)",
    "Hours studied and passing (synthetic)": "Horas de estudo e aprovação (sintético)",
    "x in [−2, 2], y = 1.5·x − 0.5 + N(0, 0.4²) noise.": "x em [−2, 2], y = 1.5·x − 0.5 + ruído N(0, 0.4²).",
    "Houses: size x in m² (40 to 200), price y in k€ = 1.8·x + 40 + N(0, 25²) noise. "
    "Unscaled x makes the risk a long, narrow valley.": (
        "Casas: área x em m² (40 a 200), preço y em milhares de euros = 1.8·x + 40 + ruído N(0, 25²). "
        "Sem a padronização de x, o risco é um vale longo e estreito."
    ),
    "Students: hours studied x in [0, 10]; passed (y = 1) with probability σ(1.1·x − 5.5).": (
        "Estudantes: horas de estudo x em [0, 10]; aprovação (y = 1) com probabilidade σ(1.1·x − 5.5)."
    ),
    "Synthetic: gdviz.data.generate({name!r}), numpy seed {seed}.": (
        "Sintético: gdviz.data.generate({name!r}), semente numpy {seed}."
    ),
    "{name} (x standardized)": "{name} (x padronizado)",
    "{source}; x standardized: (x − {mean:.4g}) / {std:.4g}": "{source}; x padronizado: (x − {mean:.4g}) / {std:.4g}",
    "{name} (x centered)": "{name} (x centralizado)",
    "{source}; x centered: x − {mean:.4g}": "{source}; x centralizado: x − {mean:.4g}",
    "{name} (x scaled)": "{name} (x reescalado)",
    "{source}; x scaled: x / {std:.4g}": "{source}; x reescalado: x / {std:.4g}",
    "uploaded CSV": "CSV enviado",
    "unknown data set {name!r}; the built-in ones are: {names}": (
        "conjunto de dados desconhecido {name!r}; os incluídos no app são: {names}"
    ),
    "linear regression": "regressão linear",
    "logistic regression": "regressão logística",
    "unknown model {model!r}; choose one of: {names}": "modelo desconhecido {model!r}; escolha um destes: {names}",
    "the file is too large: {size:,} bytes, at most {most:,}": (
        "o arquivo é grande demais: {size:,} bytes, no máximo {most:,}"
    ),
    "the file is not text (UTF-8): save it as CSV": "o arquivo não é texto (UTF-8): salve-o como CSV",
    "too many rows: {rows:,}, at most {most:,}": "linhas demais: {rows:,}, no máximo {most:,}",
    "{n} row with a missing, non-numeric or infinite value dropped": (
        "{n} linha com valor ausente, não numérico ou infinito descartada"
    ),
    "{n} rows with a missing, non-numeric or infinite value dropped": (
        "{n} linhas com valor ausente, não numérico ou infinito descartadas"
    ),
    "the file has a single column; x and y need two, separated by commas, semicolons or tabs": (
        "o arquivo tem uma só coluna; x e y precisam de duas, separadas por vírgulas, pontos e vírgulas ou tabulações"
    ),
    "too few usable rows: {rows}, at least {least} (two numeric columns x, y)": (
        "poucas linhas utilizáveis: {rows}, no mínimo {least} (duas colunas numéricas x, y)"
    ),
    "x takes a single value: there is no slope to fit": "x tem um único valor: não há inclinação a ajustar",
    "for logistic regression y must be 0 or 1; found {bad:g}": (
        "na regressão logística y deve ser 0 ou 1; encontrado {bad:g}"
    ),
    # --- losses
    "Quadratic bowl": "Tigela quadrática",
    "Rosenbrock valley": "Vale de Rosenbrock",
    "Saddle": "Sela",
    "Monkey saddle": "Sela de macaco",
    "Himmelblau": "Himmelblau",
    "Beale": "Beale",
    "Booth": "Booth",
    "Rastrigin": "Rastrigin",
    "Six-hump camel": "Camelo de seis corcovas",
    "Matyas": "Matyas",
    "½(a·u² + b·v²) with axes rotated by theta (radians): the Hessian's eigenvalues are a and b.": (
        "½(a·u² + b·v²) com os eixos girados de theta (radianos): os autovalores da Hessiana são a e b."
    ),
    "A curved, narrow valley: easy to find, slow to follow.": (
        "Um vale curvo e estreito: fácil de achar, lento de seguir."
    ),
    "∇L = 0 at the origin, which is not a minimum.": "∇L = 0 na origem, que não é um mínimo.",
    "A degenerate stationary point: the Hessian vanishes at the origin.": (
        "Um ponto estacionário degenerado: a Hessiana se anula na origem."
    ),
    "Four equal minima: where you start decides where you end.": (
        "Quatro mínimos iguais: onde você começa decide onde você termina."
    ),
    "Flat plateaus and steep walls.": "Platôs planos e paredes íngremes.",
    "A tilted quadratic bowl.": "Uma tigela quadrática inclinada.",
    "A bowl covered in ripples: many local minima.": "Uma tigela coberta de ondulações: muitos mínimos locais.",
    "Six local minima, two of them global.": "Seis mínimos locais, dois deles globais.",
    "A flat, ill-conditioned bowl along the diagonal.": "Uma tigela rasa e mal condicionada ao longo da diagonal.",
    # --- optimizers
    "Gradient descent (gd)": "Método do gradiente (gd)",
    "Momentum": "Momentum",
    "Nesterov momentum": "Momentum de Nesterov",
    "Adagrad": "Adagrad",
    "RMSprop": "RMSprop",
    "Adam": "Adam",
    "Newton (damped by α)": "Newton (amortecido por α)",
    "Steepest descent + Armijo line search": "Descida mais íngreme + busca linear de Armijo",
    # --- link values and controls
    "is not one of: {names}": "não é nenhum destes: {names}",
    "must be true or false": "deve ser true ou false",
    "is longer than {most} characters": "tem mais de {most} caracteres",
    "is not a number": "não é um número",
    "is not a finite number": "não é um número finito",
    "is not a whole number": "não é um número inteiro",
    "is outside [{lo:g}, {hi:g}]": "está fora de [{lo:g}, {hi:g}]",
    "The link's {setting} {problem}; using the default {label} = {default} instead.": (
        "No link, {setting} {problem}; usando o valor padrão de {label}, {default}."
    ),
    "empty": "vazio",
    "loss": "função de perda",
    "w1 of W⁰": "w1 de W⁰",
    "w2 of W⁰": "w2 de W⁰",
    "exact α": "α exato",
    "steps": "passos",
    "optimizer": "otimizador",
    "tolerance": "tolerância",
    "log height": "altura em escala logarítmica",
    "formula": "fórmula",
    "noise σ": "ruído σ",
    "seed": "semente",
    "α₁": "α₁",
    "α₂": "α₂",
    "α₃": "α₃",
    "α": "α",
    "same budget": "mesmo orçamento",
    "starts per side": "pontos iniciais por lado",
    "α for the demonstration": "α da demonstração",
    "quadratic model at": "modelo quadrático em",
    "model": "modelo",
    "center x": "centralizar x",
    "scale x": "reescalar x",
    "batch size": "tamanho do lote",
    "epochs": "épocas",
    "automatic view": "visualização automática",
    "xmin": "xmin",
    "xmax": "xmax",
    "ymin": "ymin",
    "ymax": "ymax",
    "lesson step": "etapa da aula",
    "a": "a",
    "b": "b",
    "A": "A",
    "theta": "theta",
    "momentum": "momentum",
    "alpha": "alpha",
    "eps": "eps",
    "lr_decay": "lr_decay",
    "initial_accumulator_value": "initial_accumulator_value",
    "c": "c",
    "shrink": "shrink",
    "max_backtracks": "max_backtracks",
    "centered": "centered",
    "β1": "β1",
    "β2": "β2",
    "learning rate α": "taxa de aprendizado α",
    "Log scale: each stop is about ×1.25. Type an exact α in the box beside it.": (
        "Escala logarítmica: cada marca é cerca de ×1.25. Digite um α exato na caixa ao lado."
    ),
    "loss L(w1, w2)": "função de perda L(w1, w2)",
    "**start W⁰** — or click the contour map": "**ponto inicial W⁰** — ou clique no mapa de curvas de nível",
    "hyperparameters (torch.optim's names and defaults)": "hiperparâmetros (nomes e padrões do torch.optim)",
    "log height: log(1 + L)": "altura em escala logarítmica: log(1 + L)",
    "For steep losses such as Rosenbrock: the valley floor becomes visible.": (
        "Para perdas íngremes como a de Rosenbrock: o fundo do vale fica visível."
    ),
    "stochastic gradients (SGD)": "gradientes estocásticos (SGD)",
    "each gradient the optimizer sees is ∇L + σ·ξ": "cada gradiente que o otimizador vê é ∇L + σ·ξ",
    "the same seed gives the same jitter": "a mesma semente dá a mesma oscilação",
    # --- your function
    "narrow valley": "vale estreito",
    "plateau": "platô",
    "two minima": "dois mínimos",
    "saddle": "sela",
    "ripples": "ondulações",
    "log barrier": "barreira logarítmica",
    "gd zig-zags down the steep walls, then crawls along the curved floor.": (
        "o método do gradiente desce em zigue-zague pelas paredes íngremes e depois se arrasta pelo fundo curvo."
    ),
    "Far from the minimum ∇L is almost zero: the steps are tiny until the slope is found.": (
        "Longe do mínimo ∇L é quase zero: os passos são minúsculos até achar a encosta."
    ),
    "Where you start decides which minimum you reach; between them lies a saddle.": (
        "Onde você começa decide qual mínimo alcança; entre eles há um ponto de sela."
    ),
    "∇L = 0 at the origin, which is no minimum: a start a hair off the ridge escapes.": (
        "∇L = 0 na origem, que não é mínimo: um ponto inicial ligeiramente fora da crista escapa."
    ),
    "Many local minima: gd stops in the first one it meets.": (
        "Muitos mínimos locais: o método do gradiente para no primeiro que encontra."
    ),
    "L is defined only for x, y > 0: a step that leaves the domain ends the run.": (
        "L só é definida para x, y > 0: um passo que sai do domínio encerra a execução."
    ),
    "Try one:": "Experimente:",
    "The view needs xmin < xmax and ymin < ymax; using the automatic view.": (
        "A visualização precisa de xmin < xmax e ymin < ymax; usando a visualização automática."
    ),
    "your L(x, y)": "sua L(x, y)",
    "Variables `x`, `y` (or `w1`, `w2`); `+ - * /` and `**` or `^`; `sin cos tan exp log sqrt abs tanh sinh "
    "cosh arctan`; `pi` and `e`. Write `2*x`, not `2x`; decimals with a point, `0.5`.": (
        "Variáveis `x`, `y` (ou `w1`, `w2`); `+ - * /` e `**` ou `^`; `sin cos tan exp log sqrt abs tanh sinh "
        "cosh arctan`; `pi` e `e`. Escreva `2*x`, não `2x`; decimais com ponto, `0.5`."
    ),
    "**This formula cannot be used:** {why}": "**Esta fórmula não pode ser usada:** {why}",
    "view: w1 in [{x0:g}, {x1:g}], w2 in [{y0:g}, {y1:g}] (around its stationary points)": (
        "visualização: w1 em [{x0:g}, {x1:g}], w2 em [{y0:g}, {y1:g}] (em torno dos pontos estacionários)"
    ),
    "a default view: w1 in [{x0:g}, {x1:g}], w2 in [{y0:g}, {y1:g}]; this L has no stationary point with w1, w2 "
    "in [{s0:g}, {s1:g}] to frame": (
        "uma visualização padrão: w1 em [{x0:g}, {x1:g}], w2 em [{y0:g}, {y1:g}]; esta L não tem ponto estacionário "
        "com w1, w2 em [{s0:g}, {s1:g}] para enquadrar"
    ),
    "L is not a finite number on {share:.0%} of the view (a log or square root of a negative number, a "
    "division by zero, or overflow): those parts are gaps in the surface, and a run that steps into them "
    "ends there as diverged.": (
        "L não é um número finito em {share:.0%} da visualização (log ou raiz de um número negativo, divisão "
        "por zero, ou estouro): essas partes são buracos na superfície, e uma execução que entra nelas termina "
        "ali como divergente."
    ),
    "Fix the formula in the sidebar, or pick one of the examples above.": (
        "Corrija a fórmula na barra lateral, ou escolha um dos exemplos acima."
    ),
    "Type any L(x, y) in the sidebar — it is read as a formula, never run as code — and the app derives ∇L "
    "and the Hessian exactly, finds the points where ∇L = 0 and runs the descent.": (
        "Digite qualquer L(x, y) na barra lateral — ela é lida como fórmula, nunca executada como código — e o "
        "app calcula ∇L e a Hessiana exatamente, acha os pontos onde ∇L = 0 e executa a descida."
    ),
    # --- the explorer
    "Gradient descent, step by step": "Método do gradiente, passo a passo",
    "The loss surface in **blue**, its gradients below as **red arrows**, the gradient zero at the minimum. "
    "From W⁰ each step goes against the gradient: $W^{t+1} = W^t - \\alpha\\,\\nabla L(W^t)$.": (
        "A superfície da perda em **azul**, seus gradientes embaixo como **setas vermelhas**, o gradiente zero "
        "no mínimo. A partir de W⁰ cada passo vai contra o gradiente: $W^{t+1} = W^t - \\alpha\\,\\nabla L(W^t)$."
    ),
    "W⁰ = ({x:g}, {y:g}) lies outside the view of this loss; the run goes ahead, but the figures show only "
    "what falls inside.": (
        "W⁰ = ({x:g}, {y:g}) está fora da visualização desta perda; a execução segue, mas as figuras mostram "
        "só o que cai dentro dela."
    ),
    "This run cannot start: {why}.": "Esta execução não pode começar: {why}.",
    "The update rule in numbers": "A regra de atualização em números",
    "The Hessian is not finite at {at}: no step-size estimate here.": (
        "A Hessiana não é finita em {at}: aqui não há estimativa do tamanho do passo."
    ),
    "{at} = ({x:.4g}, {y:.4g})": "{at} = ({x:.4g}, {y:.4g})",
    "exact: the Hessian is the same everywhere": "exato: a Hessiana é a mesma em toda parte",
    "local: the curvature at {at} only": "local: só a curvatura em {at}",
    "★ (the fitted minimum)": "★ (o mínimo ajustado)",
    "λmax = {high:.4g} ≤ 0 at {at} ({where}): no curvature bound on α here.": (
        "λmax = {high:.4g} ≤ 0 em {at} ({where}): aqui a curvatura não limita α."
    ),
    "α·λmax = {ratio:.3g}, against 2 — {where}": "α·λmax = {ratio:.3g}, comparado com 2 — {where}",
    "Hessian eigenvalues λ = {low:.4g}, {high:.4g}; 2/λmax = {top:.4g}": (
        "autovalores da Hessiana λ = {low:.4g}, {high:.4g}; 2/λmax = {top:.4g}"
    ),
    "along the path the largest α·λmax is {peak:.3g}, at step {step}": (
        "ao longo da trajetória o maior α·λmax é {peak:.3g}, no passo {step}"
    ),
    "use α* = {best:.4g}": "usar α* = {best:.4g}",
    "α* = 2/(λmin + λmax): the fastest contraction for gd on this quadratic model": (
        "α* = 2/(λmin + λmax): a contração mais rápida do método do gradiente neste modelo quadrático"
    ),
    "α* = 2/(λmin + λmax) = {best:.4g} at {at} is the best step for the curvature there only; where the run "
    "goes L curves differently and that α can diverge, so it is not offered as a setting.": (
        "α* = 2/(λmin + λmax) = {best:.4g} em {at} é o melhor passo só para a curvatura ali; por onde a execução "
        "passa, L tem outra curvatura e esse α pode divergir, então ele não é oferecido como ajuste."
    ),
    "α·λmax = {ratio:.3g} < 2 at {at}, but not along the path: at step {crossed} the run reached where L curves "
    "more and α·λmax ≥ 2, up to {peak:.3g} at step {step}. Where it is above 2 the steps of α = {lr:g} "
    "overshoot; the run may still settle, or diverge (its status above says which).": (
        "α·λmax = {ratio:.3g} < 2 em {at}, mas não ao longo da trajetória: no passo {crossed} a execução chegou "
        "aonde L curva mais e α·λmax ≥ 2, até {peak:.3g} no passo {step}. Onde passa de 2, os passos de "
        "α = {lr:g} ultrapassam; a execução ainda pode se acomodar, ou divergir (o resultado acima diz qual)."
    ),
    "Along the path α·λmax stays below 2 at every point the run visited (at most {peak:.3g}, at step {step}): "
    "there the steps of α = {lr:g} do not overshoot.": (
        "Ao longo da trajetória α·λmax fica abaixo de 2 em todo ponto por onde a execução passou (no máximo "
        "{peak:.3g}, no passo {step}): ali os passos de α = {lr:g} não ultrapassam."
    ),
    "Along the path α·λmax stays below 2 at every point the run visited (at most {peak:.3g}, at step {step}). "
    "Where it is above 1 the steps of α = {lr:g} overshoot along the steepest direction (1 − αλmax < 0: the path "
    "zig-zags), but below 2 they still shrink the error there.": (
        "Ao longo da trajetória α·λmax fica abaixo de 2 em todo ponto por onde a execução passou (no máximo "
        "{peak:.3g}, no passo {step}). Onde passa de 1, os passos de α = {lr:g} ultrapassam na direção mais "
        "íngreme (1 − αλmax < 0: a trajetória ziguezagueia), mas abaixo de 2 ainda reduzem o erro ali."
    ),
    "Along the path α·λmax reached 2 at step {crossed}, and {peak:.3g} at step {step}: where it is above 2 the "
    "steps of α = {lr:g} overshoot; the run may still settle, or diverge (its status above says which).": (
        "Ao longo da trajetória α·λmax chegou a 2 no passo {crossed}, e a {peak:.3g} no passo {step}: onde passa "
        "de 2, os passos de α = {lr:g} ultrapassam; a execução ainda pode se acomodar, ou divergir (o resultado "
        "acima diz qual)."
    ),
    "α·λmax = {ratio:.3g} < 2 at {at}, and below 2 at every point the run visited (at most {peak:.3g}, at step "
    "{step}): along this path the steps of α = {lr:g} do not overshoot.": (
        "α·λmax = {ratio:.3g} < 2 em {at}, e abaixo de 2 em todo ponto por onde a execução passou (no máximo "
        "{peak:.3g}, no passo {step}): ao longo desta trajetória os passos de α = {lr:g} não ultrapassam."
    ),
    "α·λmax = {ratio:.3g} < 2 at {at}, and below 2 at every point the run visited (at most {peak:.3g}, at step "
    "{step}). Where it is above 1 the steps of α = {lr:g} overshoot along the steepest direction (1 − αλmax < 0: "
    "the path zig-zags), but below 2 they still shrink the error there.": (
        "α·λmax = {ratio:.3g} < 2 em {at}, e abaixo de 2 em todo ponto por onde a execução passou (no máximo "
        "{peak:.3g}, no passo {step}). Onde passa de 1, os passos de α = {lr:g} ultrapassam na direção mais "
        "íngreme (1 − αλmax < 0: a trajetória ziguezagueia), mas abaixo de 2 ainda reduzem o erro ali."
    ),
    "α·λmax = {ratio:.3g} < 2 at {at}: near there the steps of α = {lr:g} do not overshoot. This is local: where "
    "the run goes L curves differently, so it does not promise that the run converges.": (
        "α·λmax = {ratio:.3g} < 2 em {at}: perto dali os passos de α = {lr:g} não ultrapassam. Isto é local: "
        "por onde a execução passa, L tem outra curvatura, então isto não garante que a execução convirja."
    ),
    "α·λmax = {ratio:.3g} < 2 at {at}: near there each step of α = {lr:g} overshoots along the steepest direction "
    "(1 − αλmax = {signed:.3g} < 0: the path zig-zags) but shrinks the error along it by |1 − αλmax| = "
    "{factor:.3g} < 1. This is local: where the run goes L curves differently, so it does not promise that the run "
    "converges.": (
        "α·λmax = {ratio:.3g} < 2 em {at}: perto dali cada passo de α = {lr:g} ultrapassa na direção mais íngreme "
        "(1 − αλmax = {signed:.3g} < 0: a trajetória ziguezagueia), mas reduz o erro nessa direção por "
        "|1 − αλmax| = {factor:.3g} < 1. Isto é local: por onde a execução passa, L tem outra curvatura, então "
        "isto não garante que a execução convirja."
    ),
    "α = {lr:g} is stable: α·λmax = {ratio:.3g} < 2, so each step multiplies the error by at most max |1 − αλ| = "
    "{rate:.3g} < 1, in every direction; gd converges from any W⁰.": (
        "α = {lr:g} é estável: α·λmax = {ratio:.3g} < 2, então cada passo multiplica o erro por no máximo "
        "max |1 − αλ| = {rate:.3g} < 1, em todas as direções; o método do gradiente converge de qualquer W⁰."
    ),
    "No step overshoots: α·λmax ≤ 1, so 1 − αλ ≥ 0 in every direction.": (
        "Nenhum passo ultrapassa: α·λmax ≤ 1, então 1 − αλ ≥ 0 em todas as direções."
    ),
    "Along the steepest direction 1 − αλmax = {signed:.3g} < 0: each step overshoots the minimum there, so the path "
    "zig-zags while it shrinks.": (
        "Na direção mais íngreme 1 − αλmax = {signed:.3g} < 0: cada passo ultrapassa o mínimo nessa direção, então "
        "a trajetória ziguezagueia enquanto encolhe."
    ),
    "α·λmax = {ratio:.3g} < 2: no step overshoots along the direction where L curves up. Along λmin = {low:.4g} "
    "≤ 0 L does not curve up, and no α makes gd converge there (unless W⁰ has nothing along it).": (
        "α·λmax = {ratio:.3g} < 2: nenhum passo ultrapassa na direção em que L curva para cima. Na direção de "
        "λmin = {low:.4g} ≤ 0, L não curva para cima, e nenhum α faz o método do gradiente convergir nela (a "
        "menos que W⁰ não tenha componente nessa direção)."
    ),
    "α·λmax = {ratio:.3g} < 2: along the direction where L curves up each step overshoots (1 − αλmax = "
    "{signed:.3g} < 0: the path zig-zags) but shrinks the error by |1 − αλmax| = {factor:.3g} < 1. Along "
    "λmin = {low:.4g} ≤ 0 L does not curve up, and no α makes gd converge there (unless W⁰ has nothing along it).": (
        "α·λmax = {ratio:.3g} < 2: na direção em que L curva para cima cada passo ultrapassa (1 − αλmax = "
        "{signed:.3g} < 0: a trajetória ziguezagueia), mas reduz o erro por |1 − αλmax| = {factor:.3g} < 1. Na "
        "direção de λmin = {low:.4g} ≤ 0, L não curva para cima, e nenhum α faz o método do gradiente convergir "
        "nela (a menos que W⁰ não tenha componente nessa direção)."
    ),
    "α = {lr:g} = 2/λmax exactly: along the steepest direction each step flips the error's sign without "
    "shrinking it, so gd oscillates there for ever.": (
        "α = {lr:g} = 2/λmax exatamente: na direção mais íngreme cada passo troca o sinal do erro sem "
        "diminuí-lo, então o método do gradiente oscila ali para sempre."
    ),
    "α = {lr:g} will diverge: α·λmax = {ratio:.3g} > 2, so each step overshoots along the steepest direction "
    "by a factor |1 − αλmax| = {factor:.3g}.": (
        "α = {lr:g} vai divergir: α·λmax = {ratio:.3g} > 2, então cada passo ultrapassa na direção mais "
        "íngreme por um fator |1 − αλmax| = {factor:.3g}."
    ),
    "Any α below 2/λmax = {top:.4g} is stable.": "Qualquer α abaixo de 2/λmax = {top:.4g} é estável.",
    "α = {lr:g} is likely to diverge near {at}: α·λmax = {ratio:.3g} > 2, so steps there overshoot along the "
    "steepest direction and grow the error by a factor |1 − αλmax| = {factor:.3g}. Below 2/λmax = {top:.4g} they "
    "would shrink it there; elsewhere the curvature differs.": (
        "α = {lr:g} provavelmente diverge perto de {at}: α·λmax = {ratio:.3g} > 2, então ali os passos "
        "ultrapassam na direção mais íngreme e aumentam o erro por um fator |1 − αλmax| = {factor:.3g}. Abaixo "
        "de 2/λmax = {top:.4g} eles o reduziriam ali; em outros lugares a curvatura é outra."
    ),
    "show the step table": "mostrar a tabela de passos",
    "Wᵗ⁺¹ = Wᵗ − α∇L(Wᵗ), row by row": "Wᵗ⁺¹ = Wᵗ − α∇L(Wᵗ), linha a linha",
    # --- the learning-rate lab
    "The learning rate α": "A taxa de aprendizado α",
    "One loss, one start W⁰, three learning rates, each run stepping $W^{t+1} = W^t - \\alpha\\nabla L(W^t)$. "
    "Too small and the run crawls; about right and it reaches the minimum in the fewest steps, even if it "
    "zig-zags across a narrow valley; too large and every step overshoots more than the last and the run "
    "diverges (on a quadratic: past $2/\\lambda_{max}$). Playback moves the three runs together.": (
        "Uma função de perda, um ponto inicial W⁰, três taxas de aprendizado, cada execução com os passos "
        "$W^{t+1} = W^t - \\alpha\\nabla L(W^t)$. Pequena demais e a execução se arrasta; na medida certa e "
        "chega ao mínimo no menor número de passos, mesmo que ziguezagueie de um lado a outro de um vale "
        "estreito; grande demais e cada passo ultrapassa mais que o anterior e a execução diverge (numa "
        "quadrática: acima de $2/\\lambda_{max}$). A animação move as três execuções juntas."
    ),
    "What the Hessian predicts": "O que a Hessiana prevê",
    "Sweeping α": "Variando α",
    "**learning rates α**": "**taxas de aprendizado α**",
    "too small / about right / too large": "pequena demais / na medida / grande demais",
    "Three α from gd runs of this loss from W⁰: the one that converges to a minimum in the fewest steps, one at "
    "most a tenth of it that is slow, and the smallest larger one that diverges.": (
        "Três α tirados de execuções do método do gradiente nesta função de perda a partir de W⁰: o que "
        "converge a um mínimo no menor número de passos, um de no máximo um décimo dele que é lento, e o menor "
        "maior que diverge."
    ),
    "No α from this W⁰ both converges to a minimum within the steps and has a slow and a diverging α beside it: "
    "raise the steps (under advanced), or move W⁰.": (
        "Nenhum α a partir deste W⁰ converge a um mínimo dentro dos passos tendo ao lado um α lento e um que "
        "diverge: aumente os passos (em avançado), ou mova W⁰."
    ),
    "The Hessian is not finite at the minimum: no step-size theory here.": (
        "A Hessiana não é finita no mínimo: aqui a teoria do tamanho do passo não se aplica."
    ),
    "a local estimate from the Hessian at ({x:.3g}, {y:.3g})": (
        "uma estimativa local pela Hessiana em ({x:.3g}, {y:.3g})"
    ),
    "Hessian eigenvalues λmin = {low:.4g}, λmax = {high:.4g} ({where}).": (
        "Autovalores da Hessiana λmin = {low:.4g}, λmax = {high:.4g} ({where})."
    ),
    "Condition number κ = λmax/λmin = {kappa:.4g}; gd is stable for α < 2/λmax = {top:.4g}, fastest at "
    "α* = 2/(λmin + λmax) = {best:.4g}, where the error shrinks by (κ − 1)/(κ + 1) = {rate:.4g} per step.": (
        "Número de condição κ = λmax/λmin = {kappa:.4g}; o método do gradiente é estável para α < 2/λmax = "
        "{top:.4g}, mais rápido em α* = 2/(λmin + λmax) = {best:.4g}, onde o erro encolhe por (κ − 1)/(κ + 1) = "
        "{rate:.4g} a cada passo."
    ),
    "contraction per step max|1 − αλ|": "contração por passo max|1 − αλ|",
    "verdict": "veredito",
    "diverges": "diverge",
    "stalls": "estaciona",
    "oscillates forever": "oscila para sempre",
    "on the edge: α·λmax = 2": "no limite: α·λmax = 2",
    "converges": "converge",
    "steps to shrink the error 10⁶×": "passos para reduzir o erro 10⁶×",
    "{count} values of α from {lo:.2g} to {hi:.2g}, each a full gd run of at most {n} step from W⁰, computed "
    "together: {converged} converged, {max_steps} ran out of steps, {diverged} diverged (shaded).": (
        "{count} valores de α de {lo:.2g} a {hi:.2g}, cada um uma execução completa do método do gradiente "
        "de até {n} passo a partir de W⁰, calculadas juntas: {converged} convergiram, {max_steps} esgotaram "
        "os passos, {diverged} divergiram (sombreado)."
    ),
    "{count} values of α from {lo:.2g} to {hi:.2g}, each a full gd run of at most {n} steps from W⁰, computed "
    "together: {converged} converged, {max_steps} ran out of steps, {diverged} diverged (shaded).": (
        "{count} valores de α de {lo:.2g} a {hi:.2g}, cada um uma execução completa do método do gradiente "
        "de até {n} passos a partir de W⁰, calculadas juntas: {converged} convergiram, {max_steps} esgotaram "
        "os passos, {diverged} divergiram (sombreado)."
    ),
    # --- the race
    "The optimizer race": "A corrida de otimizadores",
    "The same loss, the same start W⁰: plain gradient descent against momentum, Adam and the others, each "
    "with its own α and hyperparameters (torch.optim's rules). Playback moves them together; the table says "
    "who got where, and at what cost.": (
        "A mesma função de perda, o mesmo ponto inicial W⁰: o método do gradiente simples contra momentum, Adam e "
        "os outros, cada um com seu α e seus hiperparâmetros (as regras do torch.optim). A animação move todos "
        "juntos; a tabela diz quem chegou aonde, e a que custo."
    ),
    "optimizers": "otimizadores",
    "{name}: α and hyperparameters": "{name}: α e hiperparâmetros",
    "Give each optimizer the same budget of evaluations, with steps as its budget: each ∇L and each L the "
    "optimizer needs (a line search's trials) count 1, a Hessian (Newton) counts 2.": (
        "Dá a cada otimizador o mesmo orçamento de avaliações, com os passos como orçamento: cada ∇L e cada L "
        "de que o otimizador precisa (as tentativas da busca linear) contam 1, uma Hessiana (Newton) conta 2."
    ),
    "Pick at least one optimizer in the sidebar.": "Escolha ao menos um otimizador na barra lateral.",
    "status": "situação",
    "∇L evaluations": "avaliações de ∇L",
    "Hessian evaluations": "avaliações da Hessiana",
    "L evaluations": "avaliações de L",
    "cost": "custo",
    "‖∇L‖ at the end": "‖∇L‖ ao final",
    "distance to the nearest minimum": "distância ao mínimo mais próximo",
    "Same budget: each run stops before its evaluations cost more than {n}. Each ∇L counts {g}, each L the "
    "optimizer needs counts {l} (the line search's trial steps), each Hessian counts {h} (in two "
    "dimensions about two gradients). The table counts what each run made.": (
        "Mesmo orçamento: cada execução para antes que suas avaliações custem mais que {n}. Cada ∇L conta {g}, "
        "cada L de que o otimizador precisa conta {l} (os passos de tentativa da busca linear), cada "
        "Hessiana conta {h} (em duas dimensões, cerca de dois gradientes). A tabela conta o que cada execução fez."
    ),
    # --- stationary points
    "Where the gradient is zero": "Onde o gradiente é zero",
    "At a stationary point every partial derivative vanishes, ∇L(W) = 0. The Hessian's eigenvalues say what "
    "kind of point it is: a minimum (both > 0), a maximum (both < 0) or a saddle (one of each). The arrows at "
    "each point are the Hessian's eigenvectors: blue where L curves up, red where it curves down.": (
        "Num ponto estacionário todas as derivadas parciais se anulam, ∇L(W) = 0. Os autovalores da Hessiana "
        "dizem que tipo de ponto é: um mínimo (ambos > 0), um máximo (ambos < 0) ou um ponto de sela (um de "
        "cada). As setas em cada ponto são os autovetores da Hessiana: azuis onde L curva para cima, vermelhas "
        "onde curva para baixo."
    ),
    "No stationary point in this view.": "Nenhum ponto estacionário nesta visualização.",
    "Gradient descent at a saddle": "O método do gradiente num ponto de sela",
    "minimum": "mínimo",
    "maximum": "máximo",
    "degenerate": "degenerado",
    "kind": "tipo",
    "why": "por quê",
    "both eigenvalues > 0: L curves up in every direction": (
        "ambos os autovalores > 0: L curva para cima em todas as direções"
    ),
    "both eigenvalues < 0: L curves down in every direction": (
        "ambos os autovalores < 0: L curva para baixo em todas as direções"
    ),
    "one eigenvalue > 0, one < 0: up one way, down the other": (
        "um autovalor > 0, outro < 0: sobe num sentido, desce no outro"
    ),
    "an eigenvalue is 0: the Hessian cannot tell": "um autovalor é 0: a Hessiana não sabe dizer",
    "{kind} at ({x:.4g}, {y:.4g})": "{kind} em ({x:.4g}, {y:.4g})",
    "none": "nenhum",
    "show the quadratic model L(p) + ½ dᵀHd at": "mostrar o modelo quadrático L(p) + ½ dᵀHd em",
    "the saddle demonstration at": "a demonstração no ponto de sela em",
    "gd on the stable direction": "gd na direção estável",
    "gd slightly off it": "gd um pouco fora dela",
    "Newton from the same start": "Newton a partir do mesmo ponto inicial",
    "from the curvature": "pela curvatura",
    "Empty: half of 1/max |λ| near the saddle, so that no step overshoots.": (
        "Vazio: metade de 1/max |λ| perto do ponto de sela, para que nenhum passo ultrapasse."
    ),
    "gd takes α = {lr:.3g}, half of 1/max |λ| near the saddle, so that no step overshoots": (
        "o método do gradiente usa α = {lr:.3g}, metade de 1/max |λ| perto do ponto de sela, para que nenhum passo "
        "ultrapasse"
    ),
    "gd takes the α you chose, {lr:g}": "o método do gradiente usa o α escolhido, {lr:g}",
    "This loss has no saddle point in view. Pick one of {names} to see gradient descent stop where ∇L = 0 "
    "without a minimum.": (
        "Esta função de perda não tem ponto de sela à vista. Escolha uma destas, {names}, para ver o método do "
        "gradiente parar onde ∇L = 0 sem haver mínimo."
    ),
    "at the saddle": "no ponto de sela",
    "{d:.3g} away from the saddle": "a {d:.3g} do ponto de sela",
    "{status} after {n} step, {at}, with ‖∇L‖ = {norm:.2g}": "{status} após {n} passo, {at}, com ‖∇L‖ = {norm:.2g}",
    "{status} after {n} steps, {at}, with ‖∇L‖ = {norm:.2g}": "{status} após {n} passos, {at}, com ‖∇L‖ = {norm:.2g}",
    "The saddle at ({x:.4g}, {y:.4g}) has Hessian eigenvalues {l1:.3g} and {l2:.3g}; {alpha}. Three runs start "
    "{d:.2g} from it and stop once ‖∇L‖ ≤ {tol:.1e}:": (
        "O ponto de sela em ({x:.4g}, {y:.4g}) tem autovalores da Hessiana {l1:.3g} e {l2:.3g}; {alpha}. Três "
        "execuções começam a {d:.2g} dele e param quando ‖∇L‖ ≤ {tol:.1e}:"
    ),
    "({offset:.2g} along the direction where L curves down), ": (
        "({offset:.2g} ao longo da direção em que L curva para baixo), "
    ),
    "from ({x:.7g}, {y:.7g})": "a partir de ({x:.7g}, {y:.7g})",
    "∇L = 0 at a saddle, so gradient descent that reaches it exactly has nothing left to follow and stops: "
    "∇L = 0 means a local optimum *or at least a saddle point*. The smallest push along the direction where L "
    "curves down grows at every step, and the run escapes. Newton's method heads for wherever ∇L = 0 nearby, "
    "saddles included.": (
        "∇L = 0 num ponto de sela, então o método do gradiente que chega exatamente nele não tem mais o que "
        "seguir e para: ∇L = 0 significa um ótimo local *ou, pelo menos, um ponto de sela*. O menor empurrão na "
        "direção em que L curva para baixo cresce a cada passo, e a execução escapa. O método de Newton vai "
        "para onde ∇L = 0 estiver por perto, pontos de sela inclusive."
    ),
    "Here the first run did not end at the saddle: each step multiplies its distance along the stable "
    "direction by |1 − αλ₊| = {shrink:.3g} (it comes closer only when this is below 1), and any error off that "
    "direction by |1 − αλ₋| = {grow:.3g}.": (
        "Aqui a primeira execução não terminou no ponto de sela: cada passo multiplica sua distância ao longo da "
        "direção estável por |1 − αλ₊| = {shrink:.3g} (ela só se aproxima quando isso é menor que 1), e qualquer "
        "erro fora dessa direção por |1 − αλ₋| = {grow:.3g}."
    ),
    # --- basins
    "Gradient descent from each of {n} × {n} starts at once, each coloured by the minimum it reaches: where "
    "you start decides where you end. Grey starts ran out of steps or stopped elsewhere (a saddle), black ones "
    "diverged. Click a start on the map to see its path.": (
        "O método do gradiente a partir de cada um de {n} × {n} pontos iniciais de uma vez, cada um colorido pelo "
        "mínimo que alcança: onde você começa decide onde você termina. Pontos iniciais cinza esgotaram os passos ou "
        "pararam em outro lugar (um ponto de sela), os pretos divergiram. Clique num ponto inicial no mapa para ver "
        "sua trajetória."
    ),
    "the map runs n × n descents at once": "o mapa executa n × n descidas de uma vez",
    "Running gradient descent from every start…": "Executando o método do gradiente a partir de cada ponto inicial…",
    "These settings cannot run: {why}.": "Estes ajustes não podem ser executados: {why}.",
    "{share}% reach ({x:.3g}, {y:.3g})": "{share}% chegam a ({x:.3g}, {y:.3g})",
    "reach no minimum": "não chegam a um mínimo",
    "{n:,} starts: ": "{n:,} pontos iniciais: ",
    "{n} × {n} starts × {steps:,} steps would be {updates:,} updates, more than one map may ask for ({most:,}): "
    "this map runs {capped:,} steps. Lower the grid for more steps.": (
        "{n} × {n} pontos iniciais × {steps:,} passos dariam {updates:,} atualizações, mais do que um mapa pode pedir "
        "({most:,}): este mapa executa {capped:,} passos. Diminua a grade para ter mais passos."
    ),
    # --- empirical risk
    "Empirical risk: descending fits the model": "Risco empírico: descer é ajustar o modelo",
    "The lesson's loss is an average over the data, $L(W) = \\frac{1}{n}\\sum_i \\ell(W; x_i, y_i)$, and so is "
    "its gradient: `weights += - step_size * evaluate_gradient(loss_fun, data, weights)`. Full-batch gradient "
    "descent uses every point at each step; mini-batch SGD a shuffled handful, so its path jitters.": (
        "A função de perda da aula é uma média sobre os dados, $L(W) = \\frac{1}{n}\\sum_i \\ell(W; x_i, y_i)$, "
        "e o seu gradiente também: `weights += - step_size * evaluate_gradient(loss_fun, data, weights)`. O método do "
        "gradiente em lote completo usa todos os pontos a cada passo; o SGD em minilotes, um punhado "
        "embaralhado, por isso sua trajetória oscila."
    ),
    "linear: ŷ = w1·x + w2, mean squared error; logistic: p = σ(w1·x + w2), cross-entropy": (
        "linear: ŷ = w1·x + w2, erro quadrático médio; logística: p = σ(w1·x + w2), entropia cruzada"
    ),
    "upload a CSV…": "enviar um CSV…",
    "CSV with two columns x, y (at most {mb:g} MB)": "CSV com duas colunas x, y (no máximo {mb:g} MB)",
    "not read: a .csv or .txt file of at most {mb:g} MB, please": (
        "não lido: use um arquivo .csv ou .txt de no máximo {mb:g} MB"
    ),
    "Choose a CSV file of at most {mb:g} MB: two numeric columns, x then y (for logistic, y is 0 or 1). "
    "A header row is skipped; rows with a missing, non-numeric or infinite value are dropped and counted. "
    "With semicolons or tabs between the columns, a decimal comma (1,5) is read too. "
    "Nothing in the file is run.": (
        "Escolha um arquivo CSV de no máximo {mb:g} MB: duas colunas numéricas, x e depois y (na regressão "
        "logística, y é 0 ou 1). Uma linha de cabeçalho é ignorada; linhas com valor ausente, não numérico ou "
        "infinito são descartadas e contadas. Com ponto e vírgula ou tabulação entre as colunas, a vírgula "
        "decimal (1,5) também é lida. Nada no arquivo é executado."
    ),
    'The file "{name}" cannot be used: {why}.': 'O arquivo "{name}" não pode ser usado: {why}.',
    "{note}; {n} rows used.": "{note}; {n} linhas usadas.",
    "x ↦ x − x̄ (x̄ the mean of x): the slope and the intercept no longer interact": (
        "x ↦ x − x̄ (x̄ a média de x): a inclinação e o intercepto deixam de interagir"
    ),
    "x ↦ x / s (s the standard deviation of x): the slope's curvature comes near the intercept's": (
        "x ↦ x / s (s o desvio padrão de x): a curvatura da inclinação se aproxima da do intercepto"
    ),
    "**mini-batch SGD**": "**SGD em minilotes**",
    "the shuffling's seed: the same seed, the same path": (
        "a semente do embaralhamento: mesma semente, mesma trajetória"
    ),
    "**{name}** — {n} points.": "**{name}** — {n} pontos.",
    "full batch": "lote completo",
    "mini-batch of {n}": "minilote de {n}",
    # --- the neural network page (pages/network.py, gdviz/app/sections/network.py, gdviz/network_charts.py)
    "Neural network": "Rede neural",
    "A neural network's loss landscape": "A paisagem da perda de uma rede neural",
    "A network with one hidden layer, x → act(W₁x + b₁) → W₂h + b₂, learns from the data by gradient descent "
    "on all its weights at once: W₁, b₁, W₂ and b₂ as one vector θ, θ ← θ − α∇L(θ). Its loss has one "
    "dimension per weight; the pictures show it on a plane through the trained weights θ*, with the path of "
    "training projected onto that plane, as Li et al. (2018) drew it.": (
        "Uma rede com uma camada oculta, x → act(W₁x + b₁) → W₂h + b₂, aprende com os dados por descida do "
        "gradiente em todos os seus pesos de uma vez: W₁, b₁, W₂ e b₂ como um único vetor θ, θ ← θ − α∇L(θ). "
        "Sua perda tem uma dimensão por peso; as figuras a mostram num plano que passa pelos pesos treinados θ*, "
        "com a trajetória do treino projetada nesse plano, como Li et al. (2018) a desenharam."
    ),
    "Training the network…": "Treinando a rede…",
    "This training cannot start: {why}.": "Este treino não pode começar: {why}.",
    "This plane cannot be drawn: {why}.": "Este plano não pode ser desenhado: {why}.",
    "Two moons (synthetic, 200 points)": "Duas luas (sintético, 200 pontos)",
    "Two circles, one inside the other (synthetic, 200 points)": (
        "Dois círculos, um dentro do outro (sintético, 200 pontos)"
    ),
    "tanh": "tanh",
    "ReLU: max(0, z)": "ReLU: max(0, z)",
    "sigmoid σ(z) = 1/(1 + e⁻ᶻ)": "sigmoide σ(z) = 1/(1 + e⁻ᶻ)",
    "two weights of the first layer, W₁[1,1] and W₁[1,2]": "dois pesos da primeira camada, W₁[1,1] e W₁[1,2]",
    "two random directions, filter-normalized": "duas direções aleatórias, normalizadas por filtro",
    "the path's two principal directions (PCA)": "as duas direções principais da trajetória (PCA)",
    "hidden units": "unidades ocultas",
    "activation": "função de ativação",
    "plane": "plano",
    "plane through the weights": "plano pelos pesos",
    "batch size (0: all points)": "tamanho do lote (0: todos os pontos)",
    "grid points per side": "pontos da grade por lado",
    "the width of the one hidden layer: 2 inputs → n units → 1 output": (
        "a largura da única camada oculta: 2 entradas → n unidades → 1 saída"
    ),
    "0 uses every point at each step (full batch); n > 0 shuffles them into mini-batches of n (n at least "
    "the number of points: the full batch)": (
        "0 usa todos os pontos a cada passo (lote completo); n > 0 os embaralha em minilotes de n (n pelo menos "
        "o número de pontos: o lote completo)"
    ),
    "the seed of the first weights and of the shuffling": "a semente dos pesos iniciais e do embaralhamento",
    "the landscape evaluates n × n networks on the plane": "a paisagem avalia n × n redes no plano",
    "Choose a CSV file of at most {mb:g} MB: two numeric columns, x then y. If every y is 0 or 1 the network "
    "learns to classify (cross-entropy), otherwise to fit y (squared error). A header row is skipped; rows with "
    "a missing, non-numeric or infinite value are dropped and counted. With semicolons or tabs between the "
    "columns, a decimal comma (1,5) is read too. Nothing in the file is run.": (
        "Escolha um arquivo CSV de no máximo {mb:g} MB: duas colunas numéricas, x e depois y. Se todo y for 0 "
        "ou 1, a rede aprende a classificar (entropia cruzada); senão, a ajustar y (erro quadrático). Uma linha "
        "de cabeçalho é ignorada; linhas com um valor ausente, não numérico ou infinito são descartadas e "
        "contadas. Com ponto e vírgula ou tabulação entre as colunas, a vírgula decimal (1,5) também é lida. "
        "Nada do arquivo é executado."
    ),
    "a {inputs}‑{hidden}‑1 network: {size} weights and biases": "uma rede {inputs}‑{hidden}‑1: {size} pesos e vieses",
    "Final L = {loss:.4g}.": "L final = {loss:.4g}.",
    "Accuracy {share:.1%} ({right} of {n} points).": "Acurácia de {share:.1%} ({right} de {n} pontos).",
    "The plane of two weights of the first layer, {a} and {b}: they move away from their trained values, while "
    "the other {rest} weights and biases stay at θ*. The path shows only how those two changed during "
    "training.": (
        "O plano de dois pesos da primeira camada, {a} e {b}: eles se afastam dos valores treinados, enquanto "
        "os outros {rest} pesos e vieses ficam em θ*. A trajetória mostra só como esses dois mudaram durante o "
        "treino."
    ),
    "A plane through θ* along two random directions in all {size} weights, filter-normalized (see below); the "
    "biases stay at θ*.": (
        "Um plano por θ* ao longo de duas direções aleatórias em todos os {size} pesos, normalizadas por filtro "
        "(veja abaixo); os vieses ficam em θ*."
    ),
    "Projected onto this plane, the distance from θ⁰ to θ* keeps {share:.0%} of its length.": (
        "Projetada neste plano, a distância de θ⁰ a θ* conserva {share:.0%} do seu comprimento."
    ),
    "The plane through θ* along the two directions in which the weights moved most: the first two principal "
    "components of θ⁰ − θ*, …, θᵏ − θ*. Together they hold {share:.1%} of the path's variance in {size} "
    "weights.": (
        "O plano por θ* ao longo das duas direções em que os pesos mais se moveram: as duas primeiras "
        "componentes principais de θ⁰ − θ*, …, θᵏ − θ*. Juntas, elas contêm {share:.1%} da variância da "
        "trajetória em {size} pesos."
    ),
    "What a slice can and cannot show": "O que um corte pode e não pode mostrar",
    "The loss of this network is a surface over {size} dimensions, one per weight. The pictures show a 2-D "
    "slice of it: L(θ* + a·d₁ + b·d₂) on the plane through the trained weights θ* spanned by two directions d₁ "
    "and d₂. A minimum of the slice need not be a minimum of the whole surface: along the other {rest} "
    "directions L may still go down, and what looks like the bottom of a bowl in the slice may be a saddle point "
    "of the whole. Nor does training stay in the plane: the red path is its projection, drawn at the heights of "
    "L on the plane, not at the L that training met. So the projected path can climb on the surface while the "
    "training's own loss, L per epoch, falls.": (
        "A perda desta rede é uma superfície em {size} dimensões, uma por peso. As figuras mostram um corte 2-D "
        "dela: L(θ* + a·d₁ + b·d₂) no plano que passa pelos pesos treinados θ* e é gerado por duas direções d₁ "
        "e d₂. Um mínimo do corte não precisa ser um mínimo da superfície inteira: ao longo das outras {rest} "
        "direções L ainda pode descer, e o que parece o fundo de uma tigela no corte pode ser um ponto de sela "
        "do todo. E o treino não fica no plano: a trajetória vermelha é a projeção dele, desenhada nas alturas "
        "de L no plano, não no L que o treino encontrou. Por isso a trajetória projetada pode subir na "
        "superfície enquanto a perda do próprio treino, L por época, cai."
    ),
    "Sharp and flat minima": "Mínimos agudos e mínimos planos",
    "Keskar et al. (2017) found that training with large batches tends to end in sharp minima, where L rises "
    "steeply around θ*, and training with small batches in flat ones, and that the flat ones tend to generalize "
    "better to new data. Li et al. (2018) compared such minima on slices like these, along filter-normalized "
    "random directions: without that normalization how sharp a minimum looks depends on the scale of the "
    "weights, not only on the loss (next section).": (
        "Keskar et al. (2017) observaram que o treino com lotes grandes tende a terminar em mínimos agudos, onde "
        "L sobe depressa em volta de θ*, e o treino com lotes pequenos em mínimos planos, e que os planos tendem "
        "a generalizar melhor para dados novos. Li et al. (2018) compararam esses mínimos em cortes como estes, "
        "ao longo de direções aleatórias normalizadas por filtro: sem essa normalização, o quanto um mínimo "
        "parece agudo depende da escala dos pesos, não só da perda (próxima seção)."
    ),
    "Why random directions are filter-normalized": "Por que as direções aleatórias são normalizadas por filtro",
    "With ReLU, multiplying a hidden unit's incoming weights and bias by c > 0 and its outgoing weight by 1/c "
    "gives the same network: the same outputs, the same loss. Yet a step of one length in weight space changes "
    "small weights relatively more than large ones, so slices through two such twins can look very different, "
    "one sharper, one flatter, though both compute the same function. Li et al. (2018) therefore rescale a "
    "random direction filter by filter, here unit by unit: the part that moves a unit's incoming weights gets "
    "the norm of those weights in θ* (the biases are not moved). A step then changes every unit in proportion to "
    "its own weights, and slices of differently scaled networks can be compared.": (
        "Com ReLU, multiplicar os pesos de entrada e o viés de uma unidade oculta por c > 0 e o seu peso de saída "
        "por 1/c dá a mesma rede: as mesmas saídas, a mesma perda. Mas um passo de um mesmo comprimento no "
        "espaço dos pesos muda os pesos pequenos relativamente mais que os grandes, e assim os cortes por duas "
        "dessas gêmeas podem parecer bem diferentes, um mais agudo, outro mais plano, embora ambas calculem a "
        "mesma função. Por isso Li et al. (2018) reescalam uma direção aleatória filtro a filtro, aqui unidade "
        "a unidade: a parte que move os pesos de entrada de uma unidade recebe a norma desses pesos em θ* (os "
        "vieses não se movem). Um passo muda então cada unidade em proporção aos seus próprios pesos, e cortes "
        "de redes em escalas diferentes podem ser comparados."
    ),
    "L on the plane": "L no plano",
    "path θᵗ, projected": "trajetória θᵗ, projetada",
    "θ⁰ (start)": "θ⁰ (ponto inicial)",
    "θ* (end of training)": "θ* (fim do treino)",
    "θᵗ (current)": "θᵗ (atual)",
    "class {k}": "classe {k}",
    "p(y = 1) at epoch t": "p(y = 1) na época t",
    "ŷ at epoch t": "ŷ na época t",
    "p = 0.5 at epoch t (decision boundary)": "p = 0.5 na época t (fronteira de decisão)",
    "epoch": "época",
    "epoch t": "época t",
    "the network's fit at epoch t": "o ajuste da rede na época t",
    "decision boundary at epoch t": "fronteira de decisão na época t",
    "L per epoch": "L por época",
    "θᵗ on the plane": "θᵗ no plano",
    # --- the lesson's closing step (gdviz/lesson.py) and its link to the network page
    "From two weights to a network": "De dois pesos a uma rede",
    "In a network the weights are matrices. With 2 inputs and 8 hidden units the first layer's W has 8 "
    "× 2 weights Wᵢⱼ, and the gradient one partial derivative for each: ∂L/∂W₁₁, ∂L/∂W₁₂, …, ∂L/∂W₈₂. "
    "With its biases and the output layer this network has 33 weights and biases, so its loss is a "
    "surface over 33 dimensions. Every picture so far had two weights, like this bowl; a network's loss "
    "can only be drawn in slices.": (
        "Numa rede os pesos são matrizes. Com 2 entradas e 8 unidades ocultas, o W da primeira camada tem 8 "
        "× 2 pesos Wᵢⱼ, e o gradiente uma derivada parcial para cada um: ∂L/∂W₁₁, ∂L/∂W₁₂, …, ∂L/∂W₈₂. Com "
        "os vieses e a camada de saída, esta rede tem 33 pesos e vieses, então sua perda é uma superfície "
        "em 33 dimensões. Todas as figuras até aqui tinham dois pesos, como esta tigela; a perda de uma "
        "rede só pode ser desenhada em cortes."
    ),
    "\\frac{\\partial L}{\\partial W} = \\begin{pmatrix} \\partial L/\\partial W_{11} & \\partial "
    "L/\\partial W_{12} \\\\ \\vdots & \\vdots \\\\ \\partial L/\\partial W_{81} & \\partial "
    "L/\\partial W_{82} \\end{pmatrix}": (
        "\\frac{\\partial L}{\\partial W} = \\begin{pmatrix} \\partial L/\\partial W_{11} & \\partial "
        "L/\\partial W_{12} \\\\ \\vdots & \\vdots \\\\ \\partial L/\\partial W_{81} & \\partial "
        "L/\\partial W_{82} \\end{pmatrix}"
    ),
    "Open the neural network page: this 2-8-1 network trained on two moons, its loss on the plane of "
    "W₁₁ and W₁₂ (there W₁[1,1] and W₁[1,2]), the other 31 weights and biases held still.": (
        "Abra a página da rede neural: esta rede 2-8-1 treinada nas duas luas, sua perda no plano de W₁₁ e "
        "W₁₂ (lá W₁[1,1] e W₁[1,2]), os outros 31 pesos e vieses parados."
    ),
    "Open the page: {title} →": "Abrir a página: {title} →",
    "Mini-batch SGD with a fixed α does not settle: each batch's gradient differs from the full risk's, so near "
    "the minimum its steps jitter around it and the full ‖∇L‖ does not fall to {tol:g}, however many epochs it "
    "runs. Full-batch gd is the one that converges.": (
        "O SGD em minilotes com α fixo não se acomoda: o gradiente de cada lote difere do gradiente do risco "
        "completo, então perto do mínimo seus passos oscilam em torno dele e a ‖∇L‖ completa não cai até "
        "{tol:g}, por mais épocas que rode. É o método do gradiente com lote completo que converge."
    ),
    "the least-squares solution (normal equations)": "a solução de mínimos quadrados (equações normais)",
    "the maximum-likelihood fit": "o ajuste de máxima verossimilhança",
    "★ {fit}: w1 = {w1:.6g}, w2 = {w2:.6g}, where ∇L = 0.": "★ {fit}: w1 = {w1:.6g}, w2 = {w2:.6g}, onde ∇L = 0.",
    "Feature scaling": "Padronização das variáveis",
    "How fast gd fits depends on the risk's curvatures, the eigenvalues λmin ≤ λmax of its Hessian H, and on "
    "their ratio, the condition number κ = λmax/λmin: gd's best step α* = 2/(λmin + λmax) must suit both. "
    "For the linear model $H = 2\\begin{pmatrix} \\overline{x^2} & \\bar x \\\\ \\bar x & 1 \\end{pmatrix}$ "
    "(a bar is a mean over the data). **Centering** x (x − x̄) makes x̄ = 0: the off-diagonal terms vanish, "
    "so the slope w1 and the intercept w2 no longer interact and the valley's axes line up with w1 and w2; "
    "κ is then s² (or 1/s²), s the standard deviation of x. **Scaling** x (x / s) equalises the "
    "curvatures: the one along w1, $2\\overline{x^2}$, becomes 2(1 + x̄²/s²), and exactly 2, the curvature "
    "along w2, once x is centered. With both, H = 2I and κ = 1: a round bowl that gd at α* crosses in one "
    "step. Try each toggle alone on **House prices**, where x runs from 40 to 200. For the logistic model "
    "each point's curvature is weighted by p(1 − p) at the fit: κ falls but stays above 1 even with both "
    "(compare the rows below).": (
        "A rapidez com que o método do gradiente ajusta o modelo depende das curvaturas do risco, os autovalores "
        "λmin ≤ λmax da sua Hessiana H, e da razão entre eles, o número de condição κ = λmax/λmin: a melhor "
        "taxa de aprendizado, α* = 2/(λmin + λmax), precisa servir às duas. Para o modelo linear "
        "$H = 2\\begin{pmatrix} \\overline{x^2} & \\bar x \\\\ \\bar x & 1 \\end{pmatrix}$ (uma barra é uma "
        "média sobre os dados). **Centralizar** x (x − x̄) faz x̄ = 0: os termos fora da diagonal se anulam, "
        "de modo que a inclinação w1 e o intercepto w2 deixam de interagir e os eixos do vale se alinham com "
        "w1 e w2; κ passa a ser s² (ou 1/s²), sendo s o desvio padrão de x. **Reescalar** x (x / s) iguala "
        "as curvaturas: a curvatura ao longo de w1, $2\\overline{x^2}$, passa a 2(1 + x̄²/s²), e a exatamente "
        "2, a curvatura ao longo de w2, quando x está centralizado. Com as duas, H = 2I e κ = 1: uma tigela "
        "redonda que o método do gradiente em α* atravessa em um só passo. Experimente cada chave sozinha em "
        "**Preços de casas**, onde x vai de 40 a 200. No modelo logístico a curvatura de cada ponto é ponderada "
        "por p(1 − p) no ajuste: κ cai, mas fica acima de 1 mesmo com as duas (compare as linhas abaixo)."
    ),
    "x used": "x usado",
    "x̄ = {mean:.4g} is the mean of x and s = {std:.4g} its standard deviation; ◀ marks the surface above.": (
        "x̄ = {mean:.4g} é a média de x e s = {std:.4g}, o seu desvio padrão; ◀ marca a superfície acima."
    ),
    "condition number κ": "número de condição κ",
    "best α*": "melhor α*",
    "gd steps at α*": "passos do método do gradiente em α*",
    "ended": "terminou",
    # --- the lesson
    "Lesson: the gradient method": "Aula: o método do gradiente",
    "step": "etapa",
    "Step {n} of {last}: {title}": "Etapa {n} de {last}: {title}",
    "← previous": "← anterior",
    "next →": "próximo →",
    "The gradient: one slope per weight": "O gradiente: uma inclinação por peso",
    "The loss L depends on the weights W = (w1, w2). Change only w1 a little and L changes at the rate ∂L/∂w1; "
    "change only w2 and it changes at the rate ∂L/∂w2. The gradient ∇L puts these partial derivatives together "
    "into one vector. It points where L climbs fastest, and its length says how steep the climb is. The red "
    "arrows under the surface are ∇L at many points of the plane.": (
        "A perda L depende dos pesos W = (w1, w2). Mude só w1 um pouquinho e L muda à taxa ∂L/∂w1; mude só w2 "
        "e ela muda à taxa ∂L/∂w2. O gradiente ∇L junta essas derivadas parciais num só vetor. Ele aponta para "
        "onde L sobe mais depressa, e seu comprimento diz quão íngreme é a subida. As setas vermelhas sob a "
        "superfície são ∇L em muitos pontos do plano."
    ),
    "\\nabla L(W) = \\left[\\frac{\\partial L}{\\partial w_1},\\ \\frac{\\partial L}{\\partial w_2}\\right]^T": (
        "\\nabla L(W) = \\left[\\frac{\\partial L}{\\partial w_1},\\ \\frac{\\partial L}{\\partial w_2}\\right]^T"
    ),
    "Click different places on the map and read the two partial derivatives at W⁰. Where are the arrows "
    "longest? Which way do they point?": (
        "Clique em lugares diferentes do mapa e leia as duas derivadas parciais em W⁰. Onde as setas são mais "
        "longas? Para que lado apontam?"
    ),
    "∇L = 0: the loss stops changing": "∇L = 0: a perda para de mudar",
    "Where ∇L = 0 every partial derivative is zero: a small move in any direction leaves L as it is, to first "
    "order. The loss is flat there. To make the empirical risk as small as possible we look for the weights "
    "where its gradient vanishes. This surface has several such points, marked on the map.": (
        "Onde ∇L = 0 todas as derivadas parciais são nulas: um pequeno movimento em qualquer direção deixa L "
        "como está, em primeira ordem. Ali a perda é plana. Para minimizar o risco empírico, procuramos os "
        "pesos em que o seu gradiente se anula. Esta superfície tem vários desses pontos, marcados no mapa."
    ),
    "\\nabla L(W) = 0 \\iff \\frac{\\partial L}{\\partial w_1} = \\frac{\\partial L}{\\partial w_2} = 0": (
        "\\nabla L(W) = 0 \\iff \\frac{\\partial L}{\\partial w_1} = \\frac{\\partial L}{\\partial w_2} = 0"
    ),
    "W⁰ sits on a minimum: both derivatives read 0. Click near it, then far from it, and compare. Then click on "
    "the other marked points.": (
        "W⁰ está num mínimo: as duas derivadas valem 0. Clique perto dele, depois longe, e compare. Depois "
        "clique nos outros pontos marcados."
    ),
    "A local optimum, or at least a saddle point": "Um ótimo local, ou pelo menos um ponto de sela",
    "∇L = 0 does not promise a minimum. On this saddle L curves up along w1 and down along w2, and the gradient "
    "is zero in the middle. Gradient descent started exactly on the w1 axis slides into the saddle and stops "
    "there: it cannot tell a saddle from a minimum. So ∇L = 0 gives a local optimum, or at least a saddle "
    "point.": (
        "∇L = 0 não garante um mínimo. Nesta sela L curva para cima ao longo de w1 e para baixo ao longo de "
        "w2, e o gradiente é zero no meio. O método do gradiente iniciado exatamente sobre o eixo w1 escorrega "
        "até o ponto de sela e para ali: ele não distingue um ponto de sela de um mínimo. Por isso ∇L = 0 dá "
        "um ótimo local, ou pelo menos um ponto de sela."
    ),
    "\\begin{gathered}\\nabla L(W^*) = 0 \\;\\Rightarrow \\\\ W^* \\text{ is a local optimum or a saddle point}"
    "\\end{gathered}": (
        "\\begin{gathered}\\nabla L(W^*) = 0 \\;\\Rightarrow \\\\ W^* \\text{ é um ótimo local ou um ponto de sela}"
        "\\end{gathered}"
    ),
    "The run converges to the saddle. Now type 0.01 as w2 of W⁰: the smallest push off the axis grows at every "
    "step, and the run escapes.": (
        "A execução converge para o ponto de sela. Agora digite 0.01 em w2 de W⁰: o menor empurrão para fora "
        "do eixo cresce a cada passo, e a execução escapa."
    ),
    "Steepest descent: go against the gradient": "Descida mais íngreme: ir contra o gradiente",
    "∇L points uphill, so −∇L points downhill, and no direction goes down faster (near W, to first order). That "
    "is why the method is also called steepest descent. On the map −∇L always crosses the level lines at a "
    "right angle. On a long narrow bowl it does not point at the minimum: it points across the valley.": (
        "∇L aponta morro acima, então −∇L aponta morro abaixo, e nenhuma direção desce mais depressa (perto de "
        "W, em primeira ordem). Por isso o método também se chama descida mais íngreme. No mapa, −∇L sempre "
        "cruza as curvas de nível em ângulo reto. Numa tigela longa e estreita ele não aponta para o mínimo: "
        "aponta através do vale."
    ),
    "-\\nabla L(W)": "-\\nabla L(W)",
    "Play the run step by step and watch each orange arrow: it starts at Wᵗ and meets the level line there at "
    "a right angle. Click elsewhere to start again.": (
        "Reproduza a execução passo a passo e observe cada seta laranja: ela parte de Wᵗ e encontra a curva "
        "de nível ali em ângulo reto. Clique em outro lugar para recomeçar."
    ),
    "The update rule and the learning rate α": "A regra de atualização e a taxa de aprendizado α",
    "Each step moves the weights against the gradient: the new weights are the old ones minus α times the "
    "gradient there; α is the learning rate. This bowl is ten times as steep across its valley (w2, "
    "λmax = 10) as along it (w1, λmin = 1). α = 0.02 crawls. α = 1/λmax = 0.1 lands on the valley floor "
    "(w2 = 0) in one step, then goes straight along it. A larger α zig-zags across the valley yet arrives "
    "sooner: around α* = 2/(λmin + λmax) ≈ 0.18 it needs the fewest steps. At α = 2/λmax = 0.2 the zig-zag "
    "never shrinks; past it the run diverges.": (
        "Cada passo move os pesos contra o gradiente: os novos pesos são os antigos menos α vezes o gradiente "
        "ali; α é a taxa de aprendizado. Esta tigela é dez vezes mais íngreme através do vale (w2, λmax = 10) "
        "do que ao longo dele (w1, λmin = 1). α = 0.02 se arrasta. α = 1/λmax = 0.1 cai no fundo do vale "
        "(w2 = 0) em um passo e depois segue reto por ele. Um α maior ziguezagueia de um lado a outro do vale, "
        "mas chega antes: perto de α* = 2/(λmin + λmax) ≈ 0.18 precisa do menor número de passos. Em "
        "α = 2/λmax = 0.2 o zigue-zague nunca diminui; acima disso a execução diverge."
    ),
    "W^{t+1} = W^t - \\alpha\\, \\nabla L(W^t)": "W^{t+1} = W^t - \\alpha\\, \\nabla L(W^t)",
    "Type α = 0.1, 0.18, 0.2 and 0.22: straight along the floor, a quick zig-zag, a zig-zag for ever, "
    "thrown out of the valley.": (
        "Digite α = 0.1, 0.18, 0.2 e 0.22: reto pelo fundo, um zigue-zague rápido, um zigue-zague sem fim, "
        "atirado para fora do vale."
    ),
    "The vanilla gradient descent loop": "O laço do método do gradiente básico",
    "The whole method is a loop: evaluate the gradient of the loss at the current weights, take a step of size "
    "α against it, repeat. A real program also stops: here when ‖∇L‖ is below a tolerance, or after a maximum "
    "number of steps. The table below is this loop written out in numbers, one row per step.": (
        "O método inteiro é um laço: avaliar o gradiente da perda nos pesos atuais, dar um passo de tamanho α "
        "contra ele, repetir. Um programa de verdade também para: aqui quando ‖∇L‖ fica abaixo de uma "
        "tolerância, ou após um número máximo de passos. A tabela abaixo é esse laço escrito em números, uma "
        "linha por passo."
    ),
    "W^{t+1} = W^t - \\alpha\\, \\nabla L(W^t), \\quad t = 0, 1, 2, \\dots": (
        "W^{t+1} = W^t - \\alpha\\, \\nabla L(W^t), \\quad t = 0, 1, 2, \\dots"
    ),
    "Play the run and follow L(Wᵗ) and ‖∇L(Wᵗ)‖ under the figure: both fall towards zero as the weights settle "
    "in a minimum. Click another start: does it reach the same minimum?": (
        "Reproduza a execução e acompanhe L(Wᵗ) e ‖∇L(Wᵗ)‖ sob a figura: as duas caem para zero à medida que "
        "os pesos se acomodam num mínimo. Clique em outro ponto inicial: ele chega ao mesmo mínimo?"
    ),
    # --- the network (gdviz.network): data, training, the landscape
    "two moons": "duas luas",
    "two circles": "dois círculos",
    "{title}: 200 points with Gaussian noise, gdviz.network.task({name!r}), numpy seed {seed}; inputs standardized": (
        "{title}: 200 pontos com ruído gaussiano, gdviz.network.task({name!r}), semente numpy {seed}; "
        "entradas padronizadas"
    ),
    "{source}: {kept:,} of its {rows:,} rows, drawn at random (seed 0)": (
        "{source}: {kept:,} de suas {rows:,} linhas, sorteadas (semente 0)"
    ),
    "{source}; x standardized": "{source}; x padronizado",
    "{source}; x and y standardized": "{source}; x e y padronizados",
    "unknown data set {name!r}; choose one of: {names}": (
        "conjunto de dados desconhecido {name!r}; escolha um destes: {names}"
    ),
    "the network takes 1 or 2 inputs, got {n!r}": "a rede recebe 1 ou 2 entradas; valor recebido: {n!r}",
    "the hidden layer needs a whole number of units from 1 to {most}, got {n!r}": (
        "a camada oculta precisa de um número inteiro de unidades de 1 a {most}; valor recebido: {n!r}"
    ),
    "unknown activation {name!r}; choose one of: {names}": (
        "função de ativação desconhecida {name!r}; escolha uma destas: {names}"
    ),
    "a task needs 1 to {most:,} rows of 1 or 2 finite inputs and one finite target each": (
        "uma tarefa precisa de 1 a {most:,} linhas de 1 ou 2 entradas finitas e um alvo finito cada"
    ),
    "a classification's targets must be 0 or 1": "os alvos de uma classificação devem ser 0 ou 1",
    "unknown kind of task {name!r}; choose one of: {names}": (
        "tipo de tarefa desconhecido {name!r}; escolha um destes: {names}"
    ),
    "this network does not fit the data: build it with network_for(task, ...)": (
        "esta rede não serve para estes dados: construa-a com network_for(task, ...)"
    ),
    "epochs must be a whole number from 0 to {most}, got {n!r}": (
        "as épocas devem ser um número inteiro de 0 a {most}; valor recebido: {n!r}"
    ),
    "the batch size must be a whole number from 1 to {n}, got {batch!r}": (
        "o tamanho do lote deve ser um número inteiro de 1 a {n}; valor recebido: {batch!r}"
    ),
    "the seed must be a whole number ≥ 0, got {seed!r}": (
        "a semente deve ser um número inteiro ≥ 0; valor recebido: {seed!r}"
    ),
    "{epochs:,} epochs in batches of {batch} rows make {updates:,} updates, more than one training may ask "
    "for ({most:,}): fewer epochs or a larger batch": (
        "{epochs:,} épocas em lotes de {batch} linhas fazem {updates:,} atualizações, mais do que um treino "
        "pode pedir ({most:,}): menos épocas ou um lote maior"
    ),
    "Newton's method computes the full Hessian ({size} × {size}) at every update: at most {most:,} epochs "
    "for this network and data": (
        "o método de Newton calcula a Hessiana inteira ({size} × {size}) a cada atualização: no máximo "
        "{most:,} épocas para esta rede e estes dados"
    ),
    "converged after {n} epoch: ‖∇L(θ)‖ ≤ {tol:g}": "convergiu após {n} época: ‖∇L(θ)‖ ≤ {tol:g}",
    "converged after {n} epochs: ‖∇L(θ)‖ ≤ {tol:g}": "convergiu após {n} épocas: ‖∇L(θ)‖ ≤ {tol:g}",
    "diverged in epoch {next}: {why}; the path stops at epoch {n}": (
        "divergiu na época {next}: {why}; a trajetória para na época {n}"
    ),
    "stopped after the maximum of {n} epoch without reaching ‖∇L(θ)‖ ≤ {tol:g}": (
        "parou após o máximo de {n} época sem chegar a ‖∇L(θ)‖ ≤ {tol:g}"
    ),
    "stopped after the maximum of {n} epochs without reaching ‖∇L(θ)‖ ≤ {tol:g}": (
        "parou após o máximo de {n} épocas sem chegar a ‖∇L(θ)‖ ≤ {tol:g}"
    ),
    "unknown plane {name!r}; choose one of: {names}": "plano desconhecido {name!r}; escolha um destes: {names}",
    "the grid needs a whole number of points from 3 to {most} a side, got {n!r}": (
        "a grade precisa de um número inteiro de pontos de 3 a {most} por lado; valor recebido: {n!r}"
    ),
    "the span must be a positive finite number, got {span!r}": (
        "a extensão deve ser um número finito positivo; valor recebido: {span!r}"
    ),
    "the trajectory has not moved: train for at least two epochs to see its principal directions": (
        "a trajetória não saiu do lugar: treine por pelo menos duas épocas para ver suas direções principais"
    ),
    "d₁ (random, filter-normalized)": "d₁ (aleatória, normalizada por filtro)",
    "d₂ (random, filter-normalized)": "d₂ (aleatória, normalizada por filtro)",
    "PC{i} ({share:.0f} %)": "CP{i} ({share:.0f} %)",
    # --- the class poll: what the store refuses (gdviz/poll.py)
    "There is no poll with this code: check the code on the teacher's screen.": (
        "Não há enquete com este código: confira o código na tela do professor."
    ),
    "This poll has ended: nobody answered it for a long while.": (
        "Esta enquete terminou: ninguém respondeu a ela por muito tempo."
    ),
    "This poll is closed: it takes no more answers.": "Esta enquete está encerrada: não aceita mais respostas.",
    "This answer cannot be taken.": "Esta resposta não pode ser aceita.",
    "This poll is full: it takes no more voters.": "Esta enquete está cheia: não aceita mais participantes.",
    "Only the teacher's link can reveal or close this poll.": (
        "Só o link do professor pode revelar ou encerrar esta enquete."
    ),
    "The poll storage does not answer: try again in a moment.": (
        "O armazenamento das enquetes não responde: tente de novo em instantes."
    ),
    "a question and its options are text": "uma pergunta e suas opções são texto",
    "a question and its options cannot hold control characters": (
        "uma pergunta e suas opções não podem conter caracteres de controle"
    ),
    "the question is too long: {n} characters, at most {most}": (
        "a pergunta é longa demais: {n} caracteres, no máximo {most}"
    ),
    "an option is too long: {n} characters, at most {most}": (
        "uma opção é longa demais: {n} caracteres, no máximo {most}"
    ),
    "the link is too long: at most {most} characters": "o link é longo demais: no máximo {most} caracteres",
    "the link must be a path on this site, such as /?lr=0.19": "o link deve ser um caminho neste site, como /?lr=0.19",
    "a point poll needs the map's bounds ((xmin, xmax), (ymin, ymax))": (
        "uma enquete de ponto precisa dos limites do mapa ((xmin, xmax), (ymin, ymax))"
    ),
    "the options must be a list of texts": "as opções devem ser uma lista de textos",
    "a poll has between 2 and {most} options, got {n}": "uma enquete tem entre 2 e {most} opções, recebeu {n}",
    "the options must be distinct and not empty": "as opções devem ser distintas e não vazias",
    "a poll asks to choose or to click a point": "uma enquete pede para escolher ou para clicar num ponto",
    "unknown language {lang!r}": "idioma desconhecido {lang!r}",
    "this browser's voter id is not valid: reload the page": (
        "a identificação deste navegador não é válida: recarregue a página"
    ),
    "pick one of the poll's options": "escolha uma das opções da enquete",
    "click a point on the map": "clique num ponto do mapa",
    # --- the class poll's pages (gdviz/app/classpoll.py, gdviz/app/sections/poll.py)
    "📊 Poll the class": "📊 Enquete com a turma",
    "hide the run (ask first)": "esconder a execução (perguntar antes)",
    "The page shows W⁰ and α only, not what the run does, until you turn this off.": (
        "A página mostra só W⁰ e α, não o que a execução faz, até você desligar isto."
    ),
    "The run is hidden until the poll's reveal (or until you turn off “hide the run”).": (
        "A execução está escondida até a revelação da enquete (ou até você desligar “esconder a execução”)."
    ),
    "Freeze this run as a question; students answer from their phones, then you reveal the run.": (
        "Congele esta execução como pergunta; os alunos respondem pelo celular e depois você revela a execução."
    ),
    "question": "pergunta",
    "multiple choice": "múltipla escolha",
    "click where W¹ lands": "clicar onde W¹ cai",
    "your own options": "suas próprias opções",
    "options, one per line (2 to {most})": "opções, uma por linha (de 2 a {most})",
    "the question": "a pergunta",
    "Create the poll": "Criar a enquete",
    "From W⁰ = ({x:.4g}, {y:.4g}) with α = {lr:g}: what will the run do?": (
        "De W⁰ = ({x:.4g}, {y:.4g}) com α = {lr:g}: o que a execução vai fazer?"
    ),
    "From W⁰ = ({x:.4g}, {y:.4g}) with α = {lr:g}: where does W¹, the first step, land?": (
        "De W⁰ = ({x:.4g}, {y:.4g}) com α = {lr:g}: onde cai W¹, o primeiro passo?"
    ),
    "{loss}, W⁰ = ({x:.4g}, {y:.4g}), α = {lr:g}": "{loss}, W⁰ = ({x:.4g}, {y:.4g}), α = {lr:g}",
    "zig-zags": "ziguezagueia",
    "converges smoothly": "converge sem ziguezague",
    "converges to a saddle": "converge para uma sela",
    "converges smoothly to the minimum": "converge sem ziguezague até o mínimo",
    "converges to a saddle point": "converge para um ponto de sela",
    "zig-zags to the minimum": "ziguezagueia até o mínimo",
    "zig-zags for ever between two points, never reaching the minimum": (
        "ziguezagueia para sempre entre dois pontos, sem nunca chegar ao mínimo"
    ),
    "Slowly: it had not arrived after its {n} step, but L still fell at every step, in a bowl that curves "
    "up in every direction.": (
        "Devagar: não tinha chegado após o seu {n} passo, mas L ainda caía a cada passo, numa tigela que se "
        "curva para cima em todas as direções."
    ),
    "Slowly: it had not arrived after its {n} steps, but L still fell at every step, in a bowl that curves "
    "up in every direction.": (
        "Devagar: não tinha chegado após os seus {n} passos, mas L ainda caía a cada passo, numa tigela que se "
        "curva para cima em todas as direções."
    ),
    "Class poll": "Enquete da turma",
    "Join at": "Entre com o código",
    "{n} answer": "{n} resposta",
    "{n} answers": "{n} respostas",
    "Reveal": "Revelar",
    "Close poll": "Encerrar a enquete",
    "tap the map where W¹ lands": "toque no mapa onde W¹ cai",
    "Tap the map where you think W¹ lands.": "Toque no mapa onde você acha que W¹ cai.",
    "Your answer: {answer} — you can change it until the teacher reveals.": (
        "Sua resposta: {answer} — você pode mudá-la até o professor revelar."
    ),
    "Your answer: {answer}.": "Sua resposta: {answer}.",
    "Your answer: {answer} — right.": "Sua resposta: {answer} — certa.",
    "Your answer: {answer} — not what the run does (below).": (
        "Sua resposta: {answer} — não é o que a execução faz (veja abaixo)."
    ),
    "The answer": "A resposta",
    "The run **{outcome}**.": "A execução **{outcome}**.",
    "Its steps turned back {n} time (a turn of more than 90° between two steps you can see).": (
        "Seus passos voltaram atrás {n} vez (uma virada de mais de 90° entre dois passos visíveis)."
    ),
    "Its steps turned back {n} times (a turn of more than 90° between two steps you can see).": (
        "Seus passos voltaram atrás {n} vezes (uma virada de mais de 90° entre dois passos visíveis)."
    ),
    "On this quadratic α·λmax = {ratio:.3g}: up to 1 no step overshoots, between 1 and 2 the steepest "
    "direction's error flips sign at every step (a zig-zag that shrinks), at 2 it keeps its size, past 2 "
    "it grows.": (
        "Nesta quadrática α·λmax = {ratio:.3g}: até 1 nenhum passo passa do ponto, entre 1 e 2 o erro na direção "
        "mais íngreme troca de sinal a cada passo (um ziguezague que encolhe), em 2 ele mantém o tamanho, acima "
        "de 2 ele cresce."
    ),
    "None of the four: {message}.": "Nenhuma das quatro: {message}.",
    "The run made no step: W¹ does not exist.": "A execução não deu nenhum passo: W¹ não existe.",
    "W¹ = W⁰ − α∇L(W⁰) = ({x:.4g}, {y:.4g}) − {lr:g}·({gx:.4g}, {gy:.4g}) = **({w1x:.4g}, {w1y:.4g})**.": (
        "W¹ = W⁰ − α∇L(W⁰) = ({x:.4g}, {y:.4g}) − {lr:g}·({gx:.4g}, {gy:.4g}) = **({w1x:.4g}, {w1y:.4g})**."
    ),
    "Nobody answered.": "Ninguém respondeu.",
    "{n} guess: median distance to W¹ **{median:.3g}**, closest **{best:.3g}**.": (
        "{n} palpite: distância mediana até W¹ **{median:.3g}**, a menor **{best:.3g}**."
    ),
    "{n} guesses: median distance to W¹ **{median:.3g}**, closest **{best:.3g}**.": (
        "{n} palpites: distância mediana até W¹ **{median:.3g}**, a menor **{best:.3g}**."
    ),
    "Your guess was {d:.3g} away: #{rank} of {n}.": "Seu palpite ficou a {d:.3g}: {rank}º de {n}.",
    "every guess, nearest first": "todos os palpites, do mais próximo ao mais distante",
    "guess of W¹": "palpite de W¹",
    "distance": "distância",
    "the class's guesses of W¹": "os palpites da turma para W¹",
    "your answer": "sua resposta",
    "W¹, where the first step lands": "W¹, onde cai o primeiro passo",
    "Newton's step −α·H⁻¹∇L heads for a stationary point of L's quadratic model at θ, a minimum, a maximum "
    "or a saddle alike: it never asks whether the curvature is positive. A network's loss has many saddle "
    "points and nearly flat directions, where H is close to singular (Dauphin et al., 2014), so Newton "
    "seldom trains one; gradient descent and its variants go downhill along −∇L.": (
        "O passo de Newton −α·H⁻¹∇L vai para um ponto estacionário do modelo quadrático de L em θ, seja mínimo, "
        "máximo ou sela: ele nunca verifica se a curvatura é positiva. A perda de uma rede tem muitos pontos de "
        "sela e direções quase planas, onde H é quase singular (Dauphin et al., 2014), por isso Newton raramente "
        "treina uma rede; o gradiente descendente e suas variantes descem ao longo de −∇L."
    ),
    "the code on the teacher's screen": "o código na tela do professor",
    "Join": "Entrar",
    "teacher's link (keep it private)": "link do professor (guarde-o só para você)",
    "It reveals and closes this poll: open it to take the controls back on another screen.": (
        "Ele revela e encerra esta enquete: abra-o para retomar os controles em outra tela."
    ),
}
