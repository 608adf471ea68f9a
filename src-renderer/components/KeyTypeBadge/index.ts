export { KeyTypeBadge, type KeyTypeBadgeProps } from './KeyTypeBadge';
