export { IntegrityAlerts } from './IntegrityAlerts';
