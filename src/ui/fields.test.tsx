// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LOSSES, optionsOf } from '../core';
import { createFakeWorker } from '../store/testing';
import { SelectField } from './fields';
import { StoreContext } from './storeContext';

afterEach(cleanup);

describe('SelectField', () => {
  it("offers the field table's values and writes only those into the configuration", () => {
    const { store } = createFakeWorker();
    render(
      <StoreContext.Provider value={store}>
        <SelectField field="loss" />
      </StoreContext.Provider>,
    );
    const select = screen.getByLabelText<HTMLSelectElement>('Loss');
    expect(Array.from(select.options, (o) => o.value)).toEqual([...optionsOf('loss')]);
    expect(Array.from(select.options, (o) => o.value)).toEqual([...LOSSES]);

    fireEvent.change(select, { target: { value: 'binary_crossentropy' } });
    expect(store.getState().config.loss).toBe('binary_crossentropy');

    // A value the table does not have (a page script, a browser extension, a stale option)
    // never reaches the configuration.
    const stray = document.createElement('option');
    stray.value = 'hinge';
    select.append(stray);
    fireEvent.change(select, { target: { value: 'hinge' } });
    expect(store.getState().config.loss).toBe('binary_crossentropy');
  });
});
