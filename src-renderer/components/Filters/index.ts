export { LabeledSegments, SearchInput, type LabeledSegmentsProps, type SearchInputProps } from './Filters';
