interface TextObject {
  type?: string;
  text?: string;
}

interface Block {
  type: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: { type: string; text?: TextObject | string; url?: string }[];
  accessory?: { type: string; text?: TextObject; url?: string };
}

function plain(text: TextObject | undefined): string {
  return (text?.text ?? '')
    .replace(/<([^|>]+)\|([^>]+)>/g, (_link, url: string, label: string) => (label === url ? url : `${label} (${url})`)).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function button(element: { text?: TextObject | string }): string {
  return `[${plain(typeof element.text === 'string' ? { text: element.text } : element.text)}]`;
}

/** Renders a Slack message's Block Kit blocks as indented plain text for a terminal. */
export function renderBlocksAsText(blocks: readonly unknown[], indent = '  '): string {
  const lines: string[] = [];
  for (const raw of blocks) {
    const block = raw as Block;
    switch (block.type) {
      case 'header':
        lines.push(`== ${plain(block.text)} ==`);
        break;
      case 'section': {
        if (block.text) lines.push(...plain(block.text).split('\n'));
        for (const field of block.fields ?? []) lines.push(...plain(field).split('\n'));
        if (block.accessory?.type === 'button') lines.push(button(block.accessory));
        break;
      }
      case 'context':
        lines.push((block.elements ?? []).map((element) => plain(typeof element.text === 'string' ? { text: element.text } : element.text)).filter(Boolean).join(' · '));
        break;
      case 'actions':
        lines.push((block.elements ?? []).map((element) => button(element)).join(' '));
        break;
      case 'divider':
        lines.push('-'.repeat(40));
        break;
      default:
        lines.push(`(${block.type} block)`);
    }
  }
  return lines.map((line) => `${indent}${line}`).join('\n');
}
