export { SelfTestStatus } from './SelfTestStatus';
