export { ElapsedProgress, type ElapsedProgressProps } from './ElapsedProgress';
