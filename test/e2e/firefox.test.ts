import { launchFirefox } from './support/firefox';
import { extensionScenarios } from './support/scenarios';

extensionScenarios('firefox', (server) => launchFirefox(server));
