export type { PrintChannel, PrintOrder, PrintReceipt } from './printChannel.ts';
export { createLocalFilePrintChannel, fileNameOf } from './localFilePrintChannel.ts';
