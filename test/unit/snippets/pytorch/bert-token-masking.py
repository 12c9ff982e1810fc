# Check for dl-bert-mask: mask_tokens(input_ids, mask_token_id, vocab_size, mlm_prob=0.15, special_ids=())
import torch

VOCAB, MASK, CLS, SEP, PAD = 1000, 103, 101, 102, 0
ids = torch.randint(200, VOCAB, (200, 512))
ids[:, 0] = CLS
ids[:, -1] = SEP
ids[:, 400:511] = PAD
original = ids.clone()
inputs, labels = mask_tokens(ids, MASK, VOCAB, special_ids=(CLS, SEP, PAD))

assert torch.equal(ids, original), "mask_tokens must not modify input_ids in place"
assert inputs.shape == ids.shape and labels.shape == ids.shape, "shapes must be preserved"
assert inputs.dtype == ids.dtype and labels.dtype == ids.dtype, "dtypes must be preserved"

special = (ids == CLS) | (ids == SEP) | (ids == PAD)
selected = labels != -100
assert not selected[special].any(), "special tokens must never be selected"
assert torch.equal(inputs[special], ids[special]), "special tokens must stay unchanged"
assert torch.equal(labels[selected], ids[selected]), "labels of selected tokens must be the original ids"
assert (labels[~selected] == -100).all(), "labels of other tokens must be -100"
assert torch.equal(inputs[~selected], ids[~selected]), "unselected tokens must stay unchanged"

rate = selected[~special].double().mean().item()
assert abs(rate - 0.15) < 0.006, f"selection rate {rate:.4f} among normal tokens, expected 0.15"
n_sel = selected.sum().item()
masked = (inputs[selected] == MASK).double().mean().item()
unchanged = (inputs[selected] == ids[selected]).double().mean().item()
randomized = ((inputs[selected] != MASK) & (inputs[selected] != ids[selected])).double().mean().item()
assert abs(masked - 0.8) < 0.015, f"{masked:.3f} of {n_sel} selected tokens became [MASK], expected 0.8"
assert abs(randomized - 0.1) < 0.012, f"{randomized:.3f} of selected tokens became random, expected 0.1"
assert abs(unchanged - 0.1) < 0.012, f"{unchanged:.3f} of selected tokens stayed unchanged, expected 0.1"
assert inputs.min() >= 0 and inputs.max() < VOCAB, "random replacements must be valid ids"
random_ids = inputs[selected & (inputs != MASK) & (inputs != ids)]
assert (random_ids < 200).any(), "random replacements must come from the whole vocabulary"

# mlm_prob is honoured, and without special_ids every position can be selected
_, labels_half = mask_tokens(ids, MASK, VOCAB, mlm_prob=0.5)
half = (labels_half != -100).double().mean().item()
assert abs(half - 0.5) < 0.01, f"mlm_prob=0.5 selected {half:.3f}"
