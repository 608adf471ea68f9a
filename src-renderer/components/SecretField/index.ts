export { SECRET_FIELD_ATTRIBUTE, SECRET_FIELD_PROPS, SecretPasswordInput, SecretTextarea, type SecretPasswordInputProps } from './SecretField';
