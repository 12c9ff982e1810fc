// The notes added after the first 22 are in the hover, the tree and look-up, like the others:
// one name of each in a file of our own.
import * as assert from 'node:assert';
import { activate, closeAllEditors, openFixture, ourHovers, positionOf } from './helpers';

const NEW_NOTES: [text: string, title: RegExp][] = [
  ['nn.LSTM', /Recurrent Neural Networks/],
  ['nn.Embedding', /\*\*\[Embeddings\]/],
  ['nn.GELU', /Activation Functions/],
  ['torch.optim.SGD', /Stochastic Gradient Descent and Momentum/],
  ['OneCycleLR', /Learning-Rate Schedules/],
  ['weight_decay', /Weight Decay/],
  ['GradScaler', /Mixed-Precision Training/],
  ['netD', /Generative Adversarial Networks/],
  ['DDPMScheduler(', /Diffusion Models/],
  ['past_key_values =', /Autoregressive Decoding/],
];

describe('the notes added after the first 22', () => {
  after(closeAllEditors);

  for (const [text, title] of NEW_NOTES) {
    it(`shows its note on ${text}`, async () => {
      await activate();
      const editor = await openFixture('more_concepts.py');
      const [hover] = await ourHovers(editor.document.uri, positionOf(editor.document, text, 2));
      assert.match(hover ?? '', title);
    });
  }

  it('lists them in the tree and finds them in look-up', async () => {
    const { notesTree, services } = await activate();
    const kb = await services.knowledgeBase();
    const topics = await notesTree.getChildren();
    const inTree = (await Promise.all(topics.map((topic) => notesTree.getChildren(topic))))
      .flat()
      .map((n) => (n.kind === 'note' ? n.slug : ''));
    for (const slug of [
      'recurrent-neural-networks',
      'embeddings',
      'activation-functions',
      'stochastic-gradient-descent',
      'learning-rate-schedules',
      'weight-decay',
      'mixed-precision-training',
      'generative-adversarial-networks',
      'diffusion-models',
      'autoregressive-decoding',
    ]) {
      assert.ok(inTree.includes(slug), `${slug} in the tree`);
      assert.strictEqual(kb.search(kb.note(slug)!.title)[0]?.slug, slug, `look-up finds ${slug} by its title`);
    }
  });
});
