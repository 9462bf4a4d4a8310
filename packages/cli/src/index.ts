export const PACKAGE_NAME = '@voip/cli';
