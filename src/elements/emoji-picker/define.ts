// Registers <bisman-emoji-picker>; loaded with import() when a picker first opens.
import { BismanEmojiPicker } from './emoji-picker.js';

if (!customElements.get('bisman-emoji-picker')) customElements.define('bisman-emoji-picker', BismanEmojiPicker);

declare global {
  interface HTMLElementTagNameMap {
    'bisman-emoji-picker': BismanEmojiPicker;
  }
}
