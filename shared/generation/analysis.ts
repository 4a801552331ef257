import MarkdownIt from 'markdown-it';
import { shortId } from './hash';
import type { SelectedDocument } from './inventory';
import { countTerms, words } from './terms';

/** A character range `[start, end)` of a document's text. */
export interface Span {
  start: number;
  end: number;
}

export interface CodeBlock extends Span {
  language: string | null;
  code: string;
  line_count: number;
}

export interface Section extends Span {
  section_id: string;
  heading: string;
  level: number;
  word_count: number;
  /** Top-level prose paragraphs: where quiz sentences come from. */
  paragraphs: Span[];
  code_blocks: CodeBlock[];
}

export interface DocumentAnalysis {
  document_id: string;
  path: string;
  title: string;
  word_count: number;
  reading_minutes: number;
  headings: { level: number; text: string; start: number }[];
  sections: Section[];
  term_counts: Record<string, number>;
}

/** Headings at this level or above start a section; deeper ones stay inside it. */
const SECTION_DEPTH = 3;
const WORDS_PER_MINUTE = 200;
const md = new MarkdownIt({ html: false });

interface Block extends Span {
  kind: 'heading' | 'paragraph' | 'code' | 'other';
  level: number;
  content: string;
  language: string | null;
  topLevel: boolean;
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function blocksOf(doc: SelectedDocument): Block[] {
  const lines = lineOffsets(doc.text);
  const at = (line: number) => lines[line] ?? doc.text.length;
  const span = (map: [number, number]): Span => {
    const start = at(map[0]);
    let end = at(map[1]);
    while (end > start && /\s/.test(doc.text[end - 1] ?? '')) end -= 1;
    return { start, end };
  };
  if (doc.format === 'text') {
    return doc.text.split(/\n\s*\n/).reduce<{ blocks: Block[]; offset: number }>(
      (acc, part) => {
        const start = doc.text.indexOf(part, acc.offset);
        const trimmed = part.trimEnd();
        if (trimmed.trim() !== '')
          acc.blocks.push({
            kind: 'paragraph',
            level: 0,
            content: trimmed,
            language: null,
            topLevel: true,
            start,
            end: start + trimmed.length,
          });
        return { blocks: acc.blocks, offset: start + part.length };
      },
      { blocks: [], offset: 0 },
    ).blocks;
  }
  const tokens = md.parse(doc.text, {});
  const blocks: Block[] = [];
  tokens.forEach((token, i) => {
    if (!token.map) return;
    const base = {
      ...span(token.map as [number, number]),
      language: null,
      topLevel: token.level === 0,
    };
    if (token.type === 'heading_open') {
      const content = tokens[i + 1]?.content ?? '';
      blocks.push({ ...base, kind: 'heading', level: Number(token.tag.slice(1)), content });
    } else if (token.type === 'paragraph_open') {
      blocks.push({ ...base, kind: 'paragraph', level: 0, content: tokens[i + 1]?.content ?? '' });
    } else if (token.type === 'fence' || token.type === 'code_block') {
      const language = token.info.trim().split(/\s+/)[0] || null;
      blocks.push({ ...base, kind: 'code', level: 0, content: token.content, language });
    }
  });
  return blocks;
}

function titleOf(doc: SelectedDocument, blocks: Block[]): string {
  const h1 = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  if (h1 && h1.content.trim() !== '') return h1.content.trim();
  const name = doc.path.split('/').pop() ?? doc.path;
  const stem = name.replace(/\.[^.]+$/, '');
  const base = /^(readme|index)$/i.test(stem)
    ? (doc.path.split('/').slice(-2, -1)[0] ?? stem)
    : stem;
  const words =
    base
      .replace(/^\d+[-_. ]*/, '')
      .replace(/[-_]+/g, ' ')
      .trim() || base;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Analyses one document on its own: headings, sections with their prose and code, word count,
 * reading time and term counts. Depends only on the document, so its checkpoint is keyed by the
 * document's content hash.
 */
export function analyseDocument(doc: SelectedDocument): DocumentAnalysis {
  const blocks = blocksOf(doc);
  const title = titleOf(doc, blocks);
  const sections: Section[] = [];
  const term_counts: Record<string, number> = {};
  const open = (heading: string, level: number, start: number) => {
    const index = sections.length;
    sections.push({
      section_id: shortId('sec', doc.document_id, String(index)),
      heading,
      level,
      start,
      end: start,
      word_count: 0,
      paragraphs: [],
      code_blocks: [],
    });
  };
  for (const block of blocks) {
    if (block.kind === 'heading' && block.level <= SECTION_DEPTH) {
      open(block.content.trim() || title, block.level, block.start);
    } else if (sections.length === 0) {
      open(title, 1, block.start);
    }
    const section = sections[sections.length - 1] as Section;
    section.end = Math.max(section.end, block.end);
    if (block.kind === 'code') {
      section.code_blocks.push({
        start: block.start,
        end: block.end,
        language: block.language,
        code: block.content,
        line_count: block.content.split('\n').filter((l) => l.trim() !== '').length,
      });
      continue;
    }
    section.word_count += words(block.content).length;
    countTerms(block.content, term_counts);
    if (block.kind === 'paragraph' && block.topLevel)
      section.paragraphs.push({ start: block.start, end: block.end });
  }
  const word_count = sections.reduce((sum, s) => sum + s.word_count, 0);
  return {
    document_id: doc.document_id,
    path: doc.path,
    title,
    word_count,
    reading_minutes: Math.max(1, Math.ceil(word_count / WORDS_PER_MINUTE)),
    headings: blocks
      .filter((b) => b.kind === 'heading')
      .map((b) => ({ level: b.level, text: b.content.trim(), start: b.start })),
    sections,
    term_counts,
  };
}
