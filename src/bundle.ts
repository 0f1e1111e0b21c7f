// Entry of dist/bisman-chat.js, the self-contained module for a <script type="module">.
export * from './index.js';
