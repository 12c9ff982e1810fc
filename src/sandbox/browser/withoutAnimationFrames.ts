// Imported before TensorFlow.js: tfjs picks how to wait for "the next frame" when it loads, and in a
// Worker that is requestAnimationFrame, which follows the page's rendering. A hidden loss chart
// renders no frames, and training that waits for one would stall; without it tfjs does not wait.
Object.defineProperty(self, 'requestAnimationFrame', { value: undefined, configurable: true, writable: true });
Object.defineProperty(self, 'cancelAnimationFrame', { value: undefined, configurable: true, writable: true });
