// The concept under the cursor, as the whole-document analysis reads it: the hover, "Explain
// Concept at Cursor" (which also looks at the call whose parentheses hold the cursor) and "Reveal
// Note Under Cursor" all ask here.
import * as vscode from 'vscode';
import { type Occurrence } from '../core/analysis/documentAnalysis';
import { placeIn, reasonText } from '../core/analysis/reasonText';
import { type KnowledgeBase } from '../core/knowledgeBase';
import { type AnalysedDocument, type DocumentAnalyses } from './documentAnalyses';

export interface ConceptTarget {
  occurrence: Occurrence;
  /** The hover's range; for a callee it runs from the callee to the cursor. */
  range: vscode.Range;
  /** Why the name means the concept, when that is not its spelling. */
  why?: string;
}

export function conceptAt(
  analyses: DocumentAnalyses,
  knowledgeBase: KnowledgeBase,
  document: vscode.TextDocument,
  position: vscode.Position,
  resolveCallee: boolean,
): ConceptTarget | undefined {
  const analysed = analyses.get(document, knowledgeBase);
  const offset = document.offsetAt(position);
  const here = analysed.analysis.at(analysed.part, offset);
  if (here) return target(analysed, knowledgeBase, here, document, rangeOf(document, here));
  if (!resolveCallee) return undefined;
  const callee = analysed.analysis.calleeAt(analysed.part, offset);
  if (!callee) return undefined;
  const range = new vscode.Range(document.positionAt(callee.start), position);
  return target(analysed, knowledgeBase, callee, document, range);
}

function rangeOf(document: vscode.TextDocument, o: Occurrence): vscode.Range {
  return new vscode.Range(document.positionAt(o.start), document.positionAt(o.end));
}

function target(
  analysed: AnalysedDocument,
  kb: KnowledgeBase,
  occurrence: Occurrence,
  _document: vscode.TextDocument,
  range: vscode.Range,
): ConceptTarget {
  const place = placeIn(analysed.analysis, analysed.parts, analysed.cells);
  const why = reasonText(occurrence, place, (slug) => kb.note(slug)?.title ?? slug);
  return { occurrence, range, why };
}
