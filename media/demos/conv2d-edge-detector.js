// @title Convolution: learn a 3×3 edge detector from examples
// @note convolution
// @steps 200
// One shared 3×3 filter slides over every window of the bar images and is fitted to reproduce the Sobel
// filter's output. Both curves fall towards 0: the nine learned weights become the Sobel kernel itself.
const steps = STEPS ?? 200;
const size = 12;
const n = 256;
const batch = 32;

// The target: a fixed Sobel kernel (responds to vertical edges), shaped [kH, kW, inChannels, outChannels].
const sobel = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
const sobelKernel = tf.tensor4d(sobel, [3, 3, 1, 1]);

const { x: images, y: labels, labels: classes } = data.bars({ n, size, noise: 0.1, seed: 1 });
tf.dispose([labels, classes]); // only the images are needed
const target = tf.tidy(() => tf.conv2d(images, sobelKernel, 1, 'same'));

const w = tf.variable(tf.randomNormal([3, 3, 1, 1], 0, 0.1, 'float32', 7));
const optimizer = tf.train.adam(0.05);
for (let step = 0; step < steps; step++) {
  const start = (step * batch) % n; // consecutive mini-batches, wrapping around the data set
  const [x, y] = [images.slice(start, batch), target.slice(start, batch)];
  const loss = optimizer.minimize(() => tf.conv2d(x, w, 1, 'same').sub(y).square().mean(), true);
  report(loss, 'MSE on images');
  loss.dispose();
  const kernelError = tf.tidy(() => w.sub(sobelKernel).square().mean());
  report(kernelError, 'learned vs Sobel error');
  kernelError.dispose();
  tf.dispose([x, y]);
}

const learned = Array.from(w.dataSync(), (v) => v.toFixed(2).padStart(6));
console.log('learned kernel:\n' + [0, 3, 6].map((i) => learned.slice(i, i + 3).join(' ')).join('\n'));
tf.dispose([sobelKernel, target, images, w]);
optimizer.dispose();
