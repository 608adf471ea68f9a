export { StateBadge, STATE_COLORS, type StateBadgeProps } from './StateBadge';
