import type { Stage } from '../core';

/** What a run is doing before its first step and after its last, in words (trainer and grid). */
export const STAGE_TEXT: Readonly<Record<Stage, string>> = {
  'loading-data': 'Loading the digits…',
  'choosing-backend': 'Choosing a backend…',
  'building-model': 'Building the model…',
  training: 'Training…',
  evaluating: 'Evaluating on the test digits…',
};
