"""PyTorch twin of media/demos/rnn-memory.js: name the first of 20 tokens at every step, vanilla RNN vs LSTM vs GRU."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import steps_arg, train_side_by_side

torch.manual_seed(0)
steps = steps_arg(150)
vocab, length, hidden, batch, n = 16, 20, 32, 32, 2048

tokens = torch.randint(0, vocab, (n, length))
flag = torch.zeros(n, length, 1)
flag[:, 0] = 1  # marks the token to remember
inputs = torch.cat([F.one_hot(tokens, vocab).float(), flag], dim=-1)
first = tokens[:, 0]


class Recurrent(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(vocab + 1, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)
        bound = 1 / math.sqrt(hidden)  # weights uniform in ±1/√hidden (PyTorch's default), zero biases, as the demo
        with torch.no_grad():
            nn.init.uniform_(self.out.weight, -bound, bound)
            self.out.bias.zero_()
            self.rnn.bias_ih_l0.zero_()
            self.rnn.bias_hh_l0.zero_()
            if cell is nn.LSTM:
                self.rnn.bias_ih_l0[hidden:2 * hidden] = 1  # forget gate (order i, f, g, o) starts at σ(1)

    def forward(self, x):
        hs, _ = self.rnn(x)
        return self.out(hs)  # a guess of the first token at every step


models = {"vanilla RNN": Recurrent(nn.RNN), "LSTM": Recurrent(nn.LSTM), "GRU": Recurrent(nn.GRU)}
optimizers = {name: torch.optim.Adam(m.parameters(), lr=0.03) for name, m in models.items()}
train_side_by_side("rnn-memory", steps, models, optimizers, (inputs, first), batch,
                   lambda model, x, y: F.cross_entropy(model(x).reshape(-1, vocab), y.repeat_interleave(length)))
