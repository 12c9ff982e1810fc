// Script of the note view: shows the HTML the extension renders, turns clicks on
// note links into navigation and keeps the history in the webview state, so a
// reloaded window restores the note.
import type { FromNoteView, NoteViewState, ToNoteView } from './protocol';
import { vscodeApi } from './vscodeApi';

const vscode = vscodeApi<NoteViewState, FromNoteView>();
const content = document.getElementById('content')!;
const button = (id: string) => document.getElementById(id) as HTMLButtonElement;

window.addEventListener('message', (event: MessageEvent<ToNoteView>) => {
  const message = event.data;
  if (message.type !== 'show') return;
  content.innerHTML = message.html;
  document.title = message.title;
  content.dataset.slug = message.slug;
  button('back').disabled = message.position <= 0;
  button('forward').disabled = message.position >= message.history.length - 1;
  button('insertSnippet').hidden = !message.hasSnippets;
  button('runDemo').hidden = !message.canRunDemo;
  window.scrollTo(0, 0);
  vscode.setState({ history: message.history, position: message.position });
});

document.addEventListener('click', (event) => {
  const link = (event.target as HTMLElement).closest('a');
  if (!link) return;
  event.preventDefault();
  if (link.dataset.note) vscode.postMessage({ type: 'open', slug: link.dataset.note });
  else if (link.dataset.external) vscode.postMessage({ type: 'external', url: link.dataset.external });
});

for (const id of ['back', 'forward', 'insertSnippet', 'runDemo', 'copyLink'] as const) {
  button(id).addEventListener('click', () => vscode.postMessage({ type: id }));
}
document.addEventListener('keydown', (event) => {
  if (event.altKey && event.key === 'ArrowLeft') vscode.postMessage({ type: 'back' });
  if (event.altKey && event.key === 'ArrowRight') vscode.postMessage({ type: 'forward' });
});

vscode.postMessage({ type: 'ready' });
