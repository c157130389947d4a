/**
 * The config-changed channel lives in shared/ because the CLI publishes on it too; the web
 * process is its only subscriber (ProjectCache). Re-exported here so API code and tests
 * have one import for both ends.
 */
export { configChannel as configChangedChannel, publishConfigChanged } from '../../shared/queue/configEvents.js';
