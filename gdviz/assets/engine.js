// gdviz's descent in the browser: reruns gdviz.descent.descend while W⁰ or α is dragged.
//
// The loss arrives as JavaScript generated on the server from the core's own sympy expressions
// (gdviz/webmath.py); the update rules below mirror gdviz/optimizers.py operation by operation
// (torch.optim's order of floating-point operations), and `descend` mirrors the core's loop:
// the same acceptance rule, the same stopping rules. The server's run stays the authority: it
// replaces the preview on release. No dependencies; an ES module.

const RULE = "gradient_norm"; // converged once ‖∇L‖ ≤ tol (gdviz.webmath.CONVERGENCE_RULE)
const REASONS = ["blowup", "weights", "value", "gradient"]; // gdviz.runs.REASONS

/** L, ∇L and the Hessian from webmath.loss_code's function bodies. */
export function compileLoss(code) {
  return {
    value: new Function("x", "y", code.value),
    gradient: new Function("x", "y", code.gradient),
    hessian: new Function("x", "y", code.hessian),
  };
}

// torch.lerp's two-sided formula (gdviz.optimizers._lerp).
function lerp(start, end, weight) {
  return weight < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}

// A per-coordinate rule {init(), update(g, s) -> [step, s]} lifted to the 2-vector, as
// gdviz.optimizers._elementwise.
function elementwise(init, update) {
  return {
    init: () => [init(), init()],
    update(g, state) {
      const [sx, stateX] = update(g[0], state[0]);
      const [sy, stateY] = update(g[1], state[1]);
      return [[sx, sy], [stateX, stateY]];
    },
  };
}

function sgdMomentum(lr, mu, nesterov) {
  return elementwise(
    () => 0,
    (g, buf) => {
      buf = buf * mu + g;
      const direction = nesterov ? g + buf * mu : buf;
      return [-lr * direction, buf];
    },
  );
}

// The update rules of gdviz.optimizers, by name: (lr, hyper) -> {init(w), update(g, state, w, loss)}.
const RULES = {
  gd: (lr) => elementwise(() => null, (g, s) => [-lr * g, s]),
  momentum: (lr, h) => sgdMomentum(lr, h.momentum, false),
  nesterov: (lr, h) => sgdMomentum(lr, h.momentum, true),
  adagrad(lr, h) {
    return elementwise(
      () => ({ step: 0, sum: 0 + h.initial_accumulator_value }),
      (g, s) => {
        const step = s.step + 1;
        const clr = lr / (1 + (step - 1) * h.lr_decay);
        const total = s.sum + g * g;
        return [-clr * (g / (Math.sqrt(total) + h.eps)), { step, sum: total }];
      },
    );
  },
  rmsprop(lr, h) {
    const { alpha, eps, momentum, centered } = h;
    return elementwise(
      () => ({ squareAvg: 0, gradAvg: 0, buf: 0 }),
      (g, s) => {
        const squareAvg = s.squareAvg * alpha + (1 - alpha) * (g * g);
        let gradAvg = s.gradAvg;
        let avg;
        if (centered) {
          gradAvg = lerp(gradAvg, g, 1 - alpha);
          avg = Math.sqrt(squareAvg - gradAvg * gradAvg) + eps;
        } else {
          avg = Math.sqrt(squareAvg) + eps;
        }
        let buf = s.buf;
        if (momentum > 0) {
          buf = buf * momentum + g / avg;
          return [-lr * buf, { squareAvg, gradAvg, buf }];
        }
        return [-lr * (g / avg), { squareAvg, gradAvg, buf }];
      },
    );
  },
  adam(lr, h) {
    const [beta1, beta2] = h.betas;
    const eps = h.eps;
    return elementwise(
      () => ({ step: 0, expAvg: 0, expAvgSq: 0 }),
      (g, s) => {
        const step = s.step + 1;
        const expAvg = lerp(s.expAvg, g, 1 - beta1);
        const expAvgSq = s.expAvgSq * beta2 + (1 - beta2) * (g * g);
        const stepSize = lr / (1 - beta1 ** step);
        const denom = Math.sqrt(expAvgSq) / Math.sqrt(1 - beta2 ** step) + eps;
        return [-stepSize * (expAvg / denom), { step, expAvg, expAvgSq }];
      },
    );
  },
  newton(lr) {
    return {
      init: () => null,
      update(g, state, w, loss) {
        const [hxx, hxy, hyy] = loss.hessian(w[0], w[1]);
        const det = hxx * hyy - hxy * hxy;
        return [[(-lr * (hyy * g[0] - hxy * g[1])) / det, (-lr * (hxx * g[1] - hxy * g[0])) / det], state];
      },
    };
  },
  linesearch(lr, h) {
    const { c, shrink } = h;
    const backtracks = Math.trunc(h.max_backtracks);
    // The state is L at the current W when the last step knows it (see gdviz.optimizers.linesearch).
    return {
      init: () => null,
      update(g, state, w, loss) {
        const [gx, gy] = g;
        const [x, y] = w;
        const base = state === null ? loss.value(x, y) : state;
        const slope = c * (gx * gx + gy * gy);
        let alpha = lr;
        let value = null;
        for (let i = 0; i < backtracks; i++) {
          const trial = loss.value(x - alpha * gx, y - alpha * gy);
          if (trial <= base - alpha * slope) {
            value = trial;
            break;
          }
          alpha *= shrink;
        }
        return [[-alpha * gx, -alpha * gy], value];
      },
    };
  },
};

/** The optimizer names this engine can rerun (gdviz.optimizers.OPTIMIZERS). */
export const OPTIMIZERS = Object.keys(RULES);

// Why a point failed the acceptance rule (gdviz.descent._reason).
function reason(x, y, v, gx, gy, limit) {
  const weightsOk = Number.isFinite(x) && Number.isFinite(y);
  if (weightsOk && Math.max(Math.abs(x), Math.abs(y)) > limit) return REASONS[0];
  if (!weightsOk) return REASONS[1];
  if (!Number.isFinite(v)) return REASONS[2];
  return REASONS[3];
}

const compiled = new WeakMap(); // spec.loss -> compileLoss(spec.loss): a drag reruns one spec many times

/**
 * Rerun gdviz.descent.descend from `start` with learning rate `lr` (the spec's own by default).
 *
 * @param spec webmath.preview_spec's JSON.
 * @returns {path: [[x, y], …], values: […], gradients: [[gx, gy], …], status, reason, steps}, or
 *   null when the spec asks for what this engine does not mirror, or `descend` would refuse α or
 *   W⁰ (the server's run then decides).
 */
export function descend(spec, start = spec.start, lr = spec.lr) {
  if (!spec || spec.rule !== RULE || !(spec.optimizer in RULES)) return null;
  // What gdviz.descent refuses with a message is the server's to say.
  if (!(lr > 0 && lr < Infinity && Number.isFinite(start[0]) && Number.isFinite(start[1]))) return null;
  let loss = compiled.get(spec.loss);
  if (!loss) {
    loss = compileLoss(spec.loss);
    compiled.set(spec.loss, loss);
  }
  const opt = RULES[spec.optimizer](lr, spec.hyper);
  const limit = spec.divergence_limit;
  const tol2 = spec.tol * spec.tol;
  let x = start[0];
  let y = start[1];
  let v = loss.value(x, y);
  let [gx, gy] = loss.gradient(x, y);
  const path = [[x, y]];
  const values = [v];
  const gradients = [[gx, gy]];
  let status = "max_steps";
  let why = "";
  let state = opt.init([x, y]);
  if (!(Math.abs(v + gx + gy) < Infinity)) {
    status = "diverged";
    why = reason(x, y, v, gx, gy, limit);
  } else if (gx * gx + gy * gy <= tol2) {
    status = "converged";
  } else {
    for (let i = 0; i < spec.steps; i++) {
      let step;
      [step, state] = opt.update([gx, gy], state, [x, y], loss);
      const nx = x + step[0];
      const ny = y + step[1];
      v = loss.value(nx, ny);
      [gx, gy] = loss.gradient(nx, ny);
      const r = gx * gx + gy * gy;
      if (!(Math.abs(nx) <= limit && Math.abs(ny) <= limit && Math.abs(v + gx + gy) < Infinity)) {
        status = "diverged";
        why = reason(nx, ny, v, gx, gy, limit);
        break;
      }
      x = nx;
      y = ny;
      path.push([x, y]);
      values.push(v);
      gradients.push([gx, gy]);
      if (r <= tol2) {
        status = "converged";
        break;
      }
    }
  }
  return { path, values, gradients, status, reason: why, steps: path.length - 1 };
}
