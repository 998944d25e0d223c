import { ext } from '../shared/ext';
import { startPopup } from './controller';
// esbuild writes the imported stylesheet next to popup.js as popup.css.
import './popup.css';

startPopup(document, ext, location.search, () => window.close());
