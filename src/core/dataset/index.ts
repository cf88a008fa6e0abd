/** The MNIST dataset: file format and loader, download, checksum and the seeded train/test split. */
export * from '../datasetCatalog';
export * from './crc32';
export * from './hash';
export * from './fetch';
export * from './format';
export * from './idx';
export * from './ownData';
export * from './split';
