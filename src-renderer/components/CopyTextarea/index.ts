export { CopyTextarea, type CopyTextareaProps } from './CopyTextarea';
