export { PemBlock, type PemBlockProps } from './PemBlock';
export { downloadText } from './download';
