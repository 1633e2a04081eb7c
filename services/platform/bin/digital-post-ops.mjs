#!/usr/bin/env node
// The operators' command line as a program of its own (README, "Operating it"): the
// TypeScript sources run as they are, compiled on load, as the services run in the image.
import { register } from 'tsx/esm/api';

register();
await import('../src/opsCli.ts');
