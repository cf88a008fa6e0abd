// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { VIEWS, viewEntry } from '../../core';
import { createFakeWorker } from '../../store/testing';
import { StoreContext } from '../storeContext';
import { ClassSends } from './ClassSends';

afterEach(cleanup);

describe('ClassSends', () => {
  it('offers every view of the view registry, by its tab label', () => {
    const { store } = createFakeWorker({ lessonStorage: null });
    render(
      <StoreContext.Provider value={store}>
        <ClassSends />
      </StoreContext.Provider>,
    );
    const options = within(screen.getByTestId('class-send-view-choice')).getAllByRole('option');
    expect(options.map((o) => [o.getAttribute('value'), o.textContent])).toEqual(
      VIEWS.map((id) => [id, viewEntry(id).label]),
    );
  });
});
