// Entry of the webview bundle (media/webview.js + media/webview.css). Import order matters:
// no-eval must run before hdr-histogram-js loads (see no-eval.ts).
import './no-eval';
import './styles.css';
import { boot } from './app';

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => boot());
else boot();
