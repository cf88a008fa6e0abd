/**
 * The class session's code, loaded on first use (../lazySlices.ts): the class slice, the class
 * grid's slice and what keeps both in step with the class (its rounds' runs, its timer).
 */
import type { SliceCode } from '../lazySlices';
import { createClassGridSlice, keepClassGrid } from './classGridSlice';
import { keepClassRuns } from './classRuns';
import { createClassSlice } from './classSlice';

export const CLASS_CODE: SliceCode = {
  create(deps, api) {
    const made = {
      ...createClassSlice(deps.classDeps)(api.setState, api.getState, api),
      ...createClassGridSlice(deps)(api.setState, api.getState, api),
    };
    keepClassRuns(api);
    keepClassGrid(api, deps.classDeps?.every);
    return made;
  },
};
