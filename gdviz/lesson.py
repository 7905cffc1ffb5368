"""The lesson: the lecture's ideas in its order, each with a live figure preset to show it.

The texts are English here and Portuguese in the catalogue (``gdviz/locale_pt.py``), like every
other text of the interface; ``pages/lesson.py`` draws one step at a time (``?step=3``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One idea of the lecture: what to read, the formula, and the figure that shows it.

    Attributes:
        title: a short heading.
        text: a few sentences for students (Markdown; LaTeX between $…$).
        formula: the step's formula in LaTeX.
        loss: the built-in loss the figure uses.
        start: W⁰ when the step opens (the class can move it: click the map).
        lr: α when the step opens.
        steps: how many updates the figure runs (0: only W⁰ and the field).
        try_this: what to do with the figure, as an instruction.
        lr_control: whether the step offers α to change.
        readout: whether the step shows L and ∇L at W⁰ in numbers.
        code: the loop, for the step that shows it.
        arrows: the ∇L field's arrows per side (fewer: longer arrows, −∇L at Wᵗ among them).
        link: another page the step leads to, as the app's link names it ("network"), with
            ``link_query``, its settings in the link.
    """

    title: str
    text: str
    formula: str
    loss: str
    start: tuple[float, float]
    lr: float
    steps: int
    try_this: str
    lr_control: bool = False
    readout: bool = False
    code: str = ""
    arrows: int = 15
    link: str = ""
    link_query: tuple[tuple[str, str], ...] = ()


LOOP = """# Vanilla Gradient Descent
while True:
    weights_grad = evaluate_gradient(loss_fun, data, weights)
    weights += - step_size * weights_grad  # perform parameter update"""

RATES = (0.02, 0.1, 0.18, 0.2, 0.22)
"""The α that step 5 names; on its bowl each does what the text says of it (tests/test_lesson.py)."""

STEPS: tuple[Step, ...] = (
    Step(
        "The gradient: one slope per weight",
        "The loss L depends on the weights W = (w1, w2). Change only w1 a little and L changes at the rate "
        "∂L/∂w1; change only w2 and it changes at the rate ∂L/∂w2. The gradient ∇L puts these partial "
        "derivatives together into one vector. It points where L climbs fastest, and its length says how steep "
        "the climb is. The red arrows under the surface are ∇L at many points of the plane.",
        r"\nabla L(W) = \left[\frac{\partial L}{\partial w_1},\ \frac{\partial L}{\partial w_2}\right]^T",
        "quadratic",
        (-2.5, 2.0),
        0.08,
        0,
        "Click different places on the map and read the two partial derivatives at W⁰. Where are the arrows "
        "longest? Which way do they point?",
        readout=True,
    ),
    Step(
        "∇L = 0: the loss stops changing",
        "Where ∇L = 0 every partial derivative is zero: a small move in any direction leaves L as it is, to first "
        "order. The loss is flat there. To make the empirical risk as small as possible we look for the weights "
        "where its gradient vanishes. This surface has several such points, marked on the map.",
        r"\nabla L(W) = 0 \iff \frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial w_2} = 0",
        "himmelblau",
        (3.0, 2.0),
        0.01,
        0,
        "W⁰ sits on a minimum: both derivatives read 0. Click near it, then far from it, and compare. "
        "Then click on the other marked points.",
        readout=True,
    ),
    Step(
        "A local optimum, or at least a saddle point",
        "∇L = 0 does not promise a minimum. On this saddle L curves up along w1 and down along w2, and the "
        "gradient is zero in the middle. Gradient descent started exactly on the w1 axis slides into the saddle "
        "and stops there: it cannot tell a saddle from a minimum. So ∇L = 0 gives a local optimum, or at least "
        "a saddle point.",
        # two lines: one is wider than the words' column on a projector (presenter mode) or a phone
        r"\begin{gathered}\nabla L(W^*) = 0 \;\Rightarrow \\ W^* \text{ is a local optimum or a saddle point}"
        r"\end{gathered}",
        "saddle",
        (1.5, 0.0),
        0.1,
        100,
        "The run converges to the saddle. Now type 0.01 as w2 of W⁰: the smallest push off the axis grows at "
        "every step, and the run escapes.",
    ),
    Step(
        "Steepest descent: go against the gradient",
        "∇L points uphill, so −∇L points downhill, and no direction goes down faster (near W, to first order). "
        "That is why the method is also called steepest descent. On the map −∇L always crosses the level lines "
        "at a right angle. On a long narrow bowl it does not point at the minimum: it points across the valley.",
        r"-\nabla L(W)",
        "quadratic",
        (-2.5, 2.0),
        # small enough that all 8 steps stay up the valley's side, where −∇L points across it
        # (from α = 0.08 on the run reaches the floor and its arrows point at the minimum)
        0.02,
        8,
        "Play the run step by step and watch each orange arrow: it starts at Wᵗ and meets the level line "
        "there at a right angle. Click elsewhere to start again.",
        arrows=10,  # −∇L at Wᵗ long enough to see past its marker, also projected
    ),
    Step(
        "The update rule and the learning rate α",
        "Each step moves the weights against the gradient: the new weights are the old ones minus α times the "
        "gradient there; α is the learning rate. This bowl is ten times as steep across its valley (w2, "
        "λmax = 10) as along it (w1, λmin = 1). α = 0.02 crawls. α = 1/λmax = 0.1 lands on the valley floor "
        "(w2 = 0) in one step, then goes straight along it. A larger α zig-zags across the valley yet arrives "
        "sooner: around α* = 2/(λmin + λmax) ≈ 0.18 it needs the fewest steps. At α = 2/λmax = 0.2 the zig-zag "
        "never shrinks; past it the run diverges.",
        r"W^{t+1} = W^t - \alpha\, \nabla L(W^t)",
        "quadratic",
        (-2.5, 2.0),
        0.02,
        1000,
        "Type α = 0.1, 0.18, 0.2 and 0.22: straight along the floor, a quick zig-zag, a zig-zag for ever, "
        "thrown out of the valley.",
        lr_control=True,
    ),
    Step(
        "The vanilla gradient descent loop",
        "The whole method is a loop: evaluate the gradient of the loss at the current weights, take a step of "
        "size α against it, repeat. A real program also stops: here when ‖∇L‖ is below a tolerance, or after "
        "a maximum number of steps. The table below is this loop written out in numbers, one row per step.",
        r"W^{t+1} = W^t - \alpha\, \nabla L(W^t), \quad t = 0, 1, 2, \dots",
        "himmelblau",
        (-1.0, 0.0),
        0.01,
        300,
        "Play the run and follow L(Wᵗ) and ‖∇L(Wᵗ)‖ under the figure: both fall towards zero as the weights "
        "settle in a minimum. Click another start: does it reach the same minimum?",
        lr_control=True,
        code=LOOP,
    ),
    Step(
        "From two weights to a network",
        "In a network the weights are matrices. With 2 inputs and 8 hidden units the first layer's W has "
        "8 × 2 weights Wᵢⱼ, and the gradient one partial derivative for each: ∂L/∂W₁₁, ∂L/∂W₁₂, …, ∂L/∂W₈₂. "
        "With its biases and the output layer this network has 33 weights and biases, so its loss is a surface "
        "over 33 dimensions. Every picture so far had two weights, like this bowl; a network's loss can only be "
        "drawn in slices.",
        r"\frac{\partial L}{\partial W} = \begin{pmatrix} \partial L/\partial W_{11} & \partial L/\partial W_{12} "
        r"\\ \vdots & \vdots \\ \partial L/\partial W_{81} & \partial L/\partial W_{82} \end{pmatrix}",
        "quadratic",
        (-2.5, 2.0),
        0.08,
        0,
        "Open the neural network page: this 2-8-1 network trained on two moons, its loss on the plane of W₁₁ "
        "and W₁₂ (there W₁[1,1] and W₁[1,2]), the other 31 weights and biases held still.",
        link="network",
        link_query=(("plane", "weights"),),
    ),
)
