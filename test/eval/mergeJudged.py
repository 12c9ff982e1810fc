"""Appends hand-judged spans (a YAML file with a `judged:` list) to a label file, keeping one entry per
(cell, line, text, slug): a later verdict replaces an earlier one. Used when a new round of spans has
been judged; see LABELING.md."""
import sys
import yaml


def key(entry):
    return (entry.get('cell'), entry['line'], str(entry['text']), entry['slug'])


def render(entry):
    parts = []
    if entry.get('cell') is not None:
        parts.append(f"cell: {entry['cell']}")
    text = yaml.safe_dump(str(entry['text']), default_style='"').strip()
    parts += [f"line: {entry['line']}", f"text: {text}", f"slug: {entry['slug']}", f"verdict: {entry['verdict']}"]
    return '  - { ' + ', '.join(parts) + ' }'


def merge(label_file, judged_file):
    with open(label_file) as f:
        text = f.read()
    labels = yaml.safe_load(text) or {}
    judged = {key(e): e for e in labels.get('judged') or []}
    for entry in (yaml.safe_load(open(judged_file)) or {}).get('judged') or []:
        if entry.get('verdict') not in ('right', 'wrong'):
            raise SystemExit(f'{judged_file}: verdict must be right or wrong: {entry}')
        judged[key(entry)] = entry
    head = text.split('\njudged:')[0].rstrip('\n')
    lines = [head, 'judged:'] + [render(e) for e in sorted(judged.values(), key=lambda e: (e.get('cell') or 0, e['line']))]
    with open(label_file, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return len(judged)


if __name__ == '__main__':
    for judged_file in sys.argv[2:]:
        name = judged_file.rsplit('/', 1)[-1]
        print(name, merge(f"{sys.argv[1]}/{name}", judged_file))
