import { launchChromium } from './support/chromium';
import { extensionScenarios } from './support/scenarios';

extensionScenarios('chromium', (server) => launchChromium(server));
