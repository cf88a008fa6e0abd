/**
 * Each view's component, by its id in the view registry (src/core/views.ts): the trainer is on
 * the first screen; every other view loads when it is first shown, or earlier when the pointer or
 * focus reaches its tab. A view missing here is a compile error.
 */
import type { ComponentType } from 'react';
import type { ViewId } from '../core';
import { lazyPart } from './lazy';
import { TrainerView } from './TrainerView';

export interface ViewPart {
  Component: ComponentType;
  /** Starts loading the view's code; absent for a view on the first screen. */
  preload?: () => Promise<unknown>;
}

export const VIEW_PARTS: Readonly<Record<ViewId, ViewPart>> = {
  trainer: { Component: TrainerView },
  grid: lazyPart(
    () => import('./grid/GridView'),
    (m) => m.GridView,
  ),
  history: lazyPart(
    () => import('./history/HistoryView'),
    (m) => m.HistoryView,
  ),
  lessons: lazyPart(
    () => import('./lessons/LessonsView'),
    (m) => m.LessonsView,
  ),
  class: lazyPart(
    () => import('./class/ClassView'),
    (m) => m.ClassView,
  ),
  lab: lazyPart(
    () => import('./lossLab/LossLabPanel'),
    (m) => m.LossLabPanel,
  ),
};
