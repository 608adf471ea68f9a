export { ContextEditor, type ContextEditorProps } from './ContextEditor';
