// Every editor feature, in activation order. Each registers its own providers and commands.
import * as hover from './hover';
import * as insertSnippet from './insertSnippet';
import * as lookUpConcept from './lookUpConcept';
import * as noteLinks from './noteLinks';
import * as notePanel from './notePanel';
import * as notesTree from './notesTree';
import * as sandbox from './sandbox';
import * as thisFile from './thisFile';

export const features = { hover, notesTree, thisFile, notePanel, lookUpConcept, insertSnippet, noteLinks, sandbox };
