import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);

// src/core/markdown.ts
function escapeMarkdown(text, inCode = false) {
  if (inCode) {
    return text.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  }
  return text.replace(/([\\`*_[\]#~|])/g, "\\$1").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, "<br>");
}

export {
  escapeMarkdown
};
