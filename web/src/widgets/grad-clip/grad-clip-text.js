// Every word <mathlet-grad-clip> shows or reads out, in English and Chinese (see
// parts/widget-language.js for how {slots} are filled). Symbols, numbers and formulas are not
// here: the widget passes them in as translate="no" nodes, so both languages show the same ones.

export const gradClipText = {
  en: {
    // controls
    'tau.label': 'Threshold {tau}',
    'lr.label': 'Learning rate {eta}',
    'scale.label': 'Loss scale {c}',
    'draw': 'Draw {g}',
    'reset': 'Reset',
    'drawFrom': 'Draw from',
    'law.gaussian': 'Gaussian',
    'law.uniform': 'uniform',
    'law.laplace': 'Laplace (heavy tails)',
    'problem.label': 'Problem',
    'problem.quadratic': 'noisy quadratic',
    'problem.softmax': 'softmax regression',
    'optimizer.label': 'Optimizer',
    'optimizer.sgd': 'SGD',
    'optimizer.sign-sgd': 'sign-SGD (Adam proxy)',
    'optimizer.adam': 'Adam',
    'newNoise': 'New noise',
    'sweepLaw.label': 'Components drawn from',
    'sweepLaw.gaussian-quantiles': 'Gaussian (quantiles, no noise)',
    'sweepLaw.gaussian': 'Gaussian (random)',
    'sweepLaw.uniform': 'uniform',
    'sweepLaw.laplace': 'Laplace',
    'sweepLaw.sparse': 'sparse (1% non-zero)',
    'computing': 'computing…',

    // readouts
    'chip.scale': 'scale {formula}',
    'chip.turn': 'clip by value turns {g} by',
    'vectors.norm': 'clipped by norm',
    'vectors.value': 'clipped by value',
    'vectors.cosine': 'cosine to {g}',
    'vectors.cosines': '{norm} by norm, {value} by value',
    'summary.run':
      'Clipping fired on {fraction} of the steps. In the late half, the median {norm} is {median}, ' +
      '{below} of the steps have {norm2} < 1, and the mean {ratio} is {change}.',
    'summary.sweep':
      'The cosine between {signG} and {g} at the largest {N} is {cosine}; going from {N2} = 1000 to 4000 ' +
      'divides the learning rate by {ratio}.',

    // panels
    'plane.heading': 'Clipping keeps the direction',
    'plane.hint':
      'Drag the tip of {g} (or focus the picture and use the arrow keys). Outside the disk, clipping pulls ' +
      '{g2} straight back to the circle; clipping each component to the dashed box turns it instead.',
    'legend.norm': 'clip by norm',
    'legend.value': 'clip by value',
    'legend.disk': 'norm at most {tau}',
    'g.heading': 'The gradient {g} and the threshold {tau}',
    'g.hint': 'Bars are the components of {g}; dashed marks are the components after clipping by norm (both shrink by the same factor).',
    'run.heading': 'A small training run with the same {tau}',
    'run.hint':
      '{steps} seeded steps on a toy problem; the gradient is clipped at {tau} before each step. ' +
      'The prediction uses the noisy minibatch gradient, so it overstates the true decrease; late in training both stay below {eta}.',
    'run.normHeading': 'Gradient norm per step',
    'legend.fired': 'clipping fired',
    'legend.late': 'late training',
    'run.lossHeading': 'Loss change per step and its first-order prediction',
    'legend.firstOrder': 'first order {formula}',
    'legend.lr': 'learning rate {eta}',
    'sweep.heading': 'Adam-type updates: the learning rate falls like {law}',
    'sweep.hint':
      'For sign updates the first-order step is {step}. With the norm and the cosine fixed, keeping the step fixed needs ' +
      '{law}: four times the parameters, half the learning rate.',

    // messages about attributes (the status line says "Ignored: ...")
    'attr.gCount': 'g: exactly 2 numbers (got {count})',
    'attr.gNumber': 'g: {name}: {reason}',
    'attr.tauNumber': 'tau: {reason}',
    'attr.tauRange': 'tau: must be between {min} and {max}',
    'list.problems': '; ',

    // the projection picture
    'plane.roledescription': 'draggable vector',
    'plane.aria': 'Gradient g in the plane: drag its tip, or use the arrow keys (Shift for bigger steps)',
    'plane.byValue': 'clipped by value',
    'plane.chart': 'The gradient g, the disk of radius τ, the clip of g by norm and its clip by value',
    'plane.description': 'g = ({g}), τ = {tau}; clip by norm = ({norm}); clip by value = ({value})',

    // the training plots
    'axis.step': 'training step →',
    'norm.axis': '↑ ‖gₜ‖ (log scale)',
    'norm.late': 'late training',
    'norm.chart':
      'Gradient norm over {steps} training steps on a log scale, with the threshold τ and the line at 1; dots mark steps where clipping fired',
    'norm.description':
      'First step ‖g‖ = {first}, last step {last}; clipping fired on {fraction}% of steps at τ = {tau}; ' +
      'late-training median {median}, {below}% of late steps below 1',
    'loss.axis': '↑ size of the loss change (log scale)',
    'loss.chart':
      'Size of the loss change per training step (dots) and its first-order prediction ηₜ uₜ·gₜ (line) on a log scale, with the learning rate η',
    'loss.description':
      '{below} of {late} late steps change the loss by less than η = {lr}; ' +
      'first step: predicted {p0}, measured {m0}; last step: predicted {p1}, measured {m1}',

    // the sqrt(N) sweep plot
    'sweep.axisX': 'number of parameters N (log scale) →',
    'sweep.axisY': '↑ learning rate η for a fixed step',
    'sweep.guide': 'slope −½ (×2, for comparison)',
    'sweep.chart':
      'Learning rate keeping the sign-descent step fixed, against the number of parameters N, on log-log axes, with a guide of slope −1/2',
    'sweep.row': 'N = {n}: η = {lr}, cos(sign g, g) = {cos}',
    'list.rows': '; ',

    // the warmup / learning-rate clipping panel (R4)
    'warmup.heading': 'Warmup, or clipping the learning rate (R4)',
    'warmup.hint':
      'The problem, optimizer, {eta} and {c} of the run above, without gradient clipping, trained three ways: ' +
      'a constant learning rate, a linear warmup over the first {W} steps, and the learning rate clipped so that no step ' +
      'predicts a decrease above {etaT}. Set {c2} to 10 and see which one keeps training stable.',
    'warmup.stepsLabel': 'Warmup steps {W}',
    'warmup.capLabel': 'Cap {T}',
    'warmup.lossHeading': 'Loss per step',
    'warmup.lrHeading': 'Learning rate per step',
    'legend.constant': 'constant {eta}',
    'legend.warmup': 'linear warmup',
    'legend.clipped': '{eta} clipped at {T}',
    'summary.warmup':
      'Mean loss over the last 50 steps: {constant} with a constant learning rate, {warmup} with warmup, ' +
      '{clipped} with the clipped one, which was cut on {fraction} of the steps. Its largest predicted decrease in one step is {largest} ≤ {etaT} = {cap}.',
    'warmup.lossAxis': '↑ loss (log scale)',
    'warmup.lrAxis': '↑ learning rate ηₜ (log scale)',
    'warmup.lossChart':
      'Loss per training step on a log scale, with a constant learning rate, with warmup and with the clipped learning rate',
    'warmup.lossDescription': 'final loss: constant {constant}, warmup {warmup}, clipped {clipped}',
    'warmup.lrChart': 'Learning rate used at each training step on a log scale: constant, with warmup, clipped',
    'warmup.lrDescription': 'the warmup reaches η = {eta} at step {steps}; the clipped learning rate ranges from {lo} to {hi}',
  },

  zh: {
    'tau.label': '阈值 {tau}',
    'lr.label': '学习率 {eta}',
    'scale.label': '损失缩放 {c}',
    'draw': '随机抽取 {g}',
    'reset': '重置',
    'drawFrom': '抽样分布',
    'law.gaussian': '高斯分布',
    'law.uniform': '均匀分布',
    'law.laplace': '拉普拉斯分布（重尾）',
    'problem.label': '问题',
    'problem.quadratic': '带噪声的二次函数',
    'problem.softmax': 'softmax 回归',
    'optimizer.label': '优化器',
    'optimizer.sgd': 'SGD',
    'optimizer.sign-sgd': 'sign-SGD（Adam 的近似）',
    'optimizer.adam': 'Adam',
    'newNoise': '换一组噪声',
    'sweepLaw.label': '分量的分布',
    'sweepLaw.gaussian-quantiles': '高斯（取分位数，无随机性）',
    'sweepLaw.gaussian': '高斯（随机抽样）',
    'sweepLaw.uniform': '均匀',
    'sweepLaw.laplace': '拉普拉斯',
    'sweepLaw.sparse': '稀疏（1% 非零）',
    'computing': '计算中…',

    'chip.scale': '缩放系数 {formula}',
    'chip.turn': '按值裁剪使 {g} 转过',
    'vectors.norm': '按范数裁剪',
    'vectors.value': '按值裁剪',
    'vectors.cosine': '与 {g} 的余弦',
    'vectors.cosines': '按范数 {norm}，按值 {value}',
    'summary.run':
      '裁剪在 {fraction} 的步中触发。训练后半程，{norm} 的中位数为 {median}，' +
      '{below} 的步满足 {norm2} < 1，{ratio} 的均值为 {change}。',
    'summary.sweep': '在最大的 {N} 处，{signG} 与 {g} 的余弦为 {cosine}；{N2} 从 1000 增加到 4000，' + '学习率要除以 {ratio}。',

    'plane.heading': '裁剪保持方向不变',
    'plane.hint':
      '拖动 {g} 的箭头尖端（也可以让图获得焦点后用方向键）。在圆盘之外，按范数裁剪把 {g2} ' +
      '沿直线拉回圆周；而把每个分量截断到虚线方框内（按值裁剪）则会让它转向。',
    'legend.norm': '按范数裁剪',
    'legend.value': '按值裁剪',
    'legend.disk': '范数不超过 {tau}',
    'g.heading': '梯度 {g} 与阈值 {tau}',
    'g.hint': '柱子是 {g} 的各个分量；虚线标记是按范数裁剪后的分量（所有分量按同一比例缩小）。',
    'run.heading': '用同一个 {tau} 跑一次小型训练',
    'run.hint':
      '在一个玩具问题上训练 {steps} 步（随机种子固定），每一步之前先把梯度裁剪到 {tau}。' +
      '一阶预测用的是带噪声的小批量梯度，因此会高估真实的下降量；到了训练后期，两者都低于 {eta}。',
    'run.normHeading': '每一步的梯度范数',
    'legend.fired': '触发了裁剪',
    'legend.late': '训练后期',
    'run.lossHeading': '每一步的损失变化及其一阶预测',
    'legend.firstOrder': '一阶预测 {formula}',
    'legend.lr': '学习率 {eta}',
    'sweep.heading': 'Adam 类更新：学习率按 {law} 下降',
    'sweep.hint':
      '对符号更新而言，一阶的损失下降量是 {step}。范数和余弦固定时，要让每一步的下降量不变，就需要 ' +
      '{law}：参数量变为四倍，学习率减半。',

    'attr.gCount': 'g：需要恰好 2 个数（收到 {count} 个）',
    'attr.gNumber': 'g：{name}：{reason}',
    'attr.tauNumber': 'tau：{reason}',
    'attr.tauRange': 'tau：必须在 {min} 与 {max} 之间',
    'list.problems': '；',

    'plane.roledescription': '可拖动的向量',
    'plane.aria': '平面上的梯度 g：拖动箭头尖端，或用方向键移动（按住 Shift 步长更大）',
    'plane.byValue': '按值裁剪',
    'plane.chart': '梯度 g、半径为 τ 的圆盘、g 按范数裁剪的结果与按值裁剪的结果',
    'plane.description': 'g = ({g})，τ = {tau}；按范数裁剪 = ({norm})；按值裁剪 = ({value})',

    'axis.step': '训练步数 →',
    'norm.axis': '↑ ‖gₜ‖（对数坐标）',
    'norm.late': '训练后期',
    'norm.chart': '{steps} 个训练步的梯度范数（对数坐标），以及阈值 τ 和 1 这条线；圆点标出触发裁剪的步',
    'norm.description':
      '第一步 ‖g‖ = {first}，最后一步 {last}；τ = {tau} 时 {fraction}% 的步触发了裁剪；' +
      '训练后期的中位数为 {median}，后期有 {below}% 的步低于 1',
    'loss.axis': '↑ 损失变化的大小（对数坐标）',
    'loss.chart': '每个训练步损失变化的大小（圆点）及其一阶预测 ηₜ uₜ·gₜ（曲线），对数坐标，并标出学习率 η',
    'loss.description':
      '后期 {late} 步中有 {below} 步的损失变化小于 η = {lr}；' + '第一步：预测 {p0}，实测 {m0}；最后一步：预测 {p1}，实测 {m1}',

    'sweep.axisX': '参数量 N（对数坐标）→',
    'sweep.axisY': '↑ 保持每步下降量不变的学习率 η',
    'sweep.guide': '斜率 −½（×2，作对照）',
    'sweep.chart': '保持符号下降每步下降量不变所需的学习率随参数量 N 的变化，双对数坐标，附斜率 −1/2 的参考线',
    'sweep.row': 'N = {n}：η = {lr}，cos(sign g, g) = {cos}',
    'list.rows': '；',

    'warmup.heading': '学习率预热，还是裁剪学习率（R4）',
    'warmup.hint':
      '沿用上面那次训练的问题、优化器、{eta} 和 {c}，但不做梯度裁剪，用三种方式训练：恒定学习率；' +
      '在前 {W} 步线性预热；以及裁剪学习率，使每一步的预测下降量不超过 {etaT}。把 {c2} 设为 10，看看哪一种能让训练保持稳定。',
    'warmup.stepsLabel': '预热步数 {W}',
    'warmup.capLabel': '上限 {T}',
    'warmup.lossHeading': '每一步的损失',
    'warmup.lrHeading': '每一步的学习率',
    'legend.constant': '恒定的 {eta}',
    'legend.warmup': '线性预热',
    'legend.clipped': '按 {T} 裁剪的 {eta}',
    'summary.warmup':
      '最后 50 步的平均损失：恒定学习率为 {constant}，预热为 {warmup}，裁剪学习率为 {clipped}，' +
      '后者在 {fraction} 的步中被裁剪，单步最大的预测下降量为 {largest} ≤ {etaT} = {cap}。',
    'warmup.lossAxis': '↑ 损失（对数坐标）',
    'warmup.lrAxis': '↑ 学习率 ηₜ（对数坐标）',
    'warmup.lossChart': '每个训练步的损失（对数坐标）：恒定学习率、预热、裁剪学习率',
    'warmup.lossDescription': '最终损失：恒定 {constant}，预热 {warmup}，裁剪 {clipped}',
    'warmup.lrChart': '每个训练步实际使用的学习率（对数坐标）：恒定、预热、裁剪',
    'warmup.lrDescription': '预热在第 {steps} 步达到 η = {eta}；裁剪后的学习率在 {lo} 到 {hi} 之间',
  },
};
