/**
 * Labelled form controls with their explanation: every control has a <label>, and its help text
 * is tied to it with `aria-describedby` and shown on hover or focus.
 */
import { useState, type ChangeEvent } from 'react';
import {
  KEY_OF_FIELD,
  parseChoiceField,
  parseNumberField,
  type ChoiceField,
  type FlagField,
  type NumericField,
} from '../core';
import { selectField, selectSetConfig } from '../store';
import { CONTROLS, optionsFor } from './controls';
import { useAppStore } from './storeContext';

const inputId = (id: string) => `control-${id}`;
const helpId = (id: string) => `control-${id}-help`;

function Help({ id, text }: { id: string; text: string }) {
  return (
    <span id={helpId(id)} className="help">
      {text}
    </span>
  );
}

/**
 * A select bound to one choice field of the configuration. Its options are the field table's
 * values, and a chosen value is checked against them again before it reaches the configuration.
 */
export function SelectField<K extends ChoiceField>({
  field,
  disabled,
  wide,
}: {
  field: K;
  disabled?: boolean;
  /** Label above a full-width control, for long Keras names. */
  wide?: boolean;
}) {
  const id = KEY_OF_FIELD[field];
  const meta = CONTROLS[id];
  const value = useAppStore(selectField(field));
  const setConfig = useAppStore(selectSetConfig);
  return (
    <div className={wide ? 'field field-wide' : 'field'} data-control={id}>
      <label htmlFor={inputId(id)}>{meta.label}</label>
      <select
        id={inputId(id)}
        value={value}
        disabled={disabled}
        aria-describedby={helpId(id)}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => {
          const parsed = parseChoiceField(field, event.target.value);
          if (parsed.ok) setConfig({ [field]: parsed.value });
        }}
      >
        {optionsFor(field).map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Help id={id} text={meta.help} />
    </div>
  );
}

/** A checkbox bound to a boolean field (`from_logits=True`), labelled in Keras' spelling. */
export function BooleanField({ field, disabled }: { field: FlagField; disabled?: boolean }) {
  const id = KEY_OF_FIELD[field];
  const meta = CONTROLS[id];
  const value = useAppStore(selectField(field));
  const setConfig = useAppStore(selectSetConfig);
  return (
    <div className="field field-check" data-control={id}>
      <input
        id={inputId(id)}
        type="checkbox"
        checked={value}
        disabled={disabled}
        aria-describedby={helpId(id)}
        onChange={(event) => setConfig({ [field]: event.target.checked })}
      />
      <label htmlFor={inputId(id)}>
        <code>{meta.label}</code>
      </label>
      <Help id={id} text={meta.help} />
    </div>
  );
}

/**
 * A number field. What is typed is kept as text while it is invalid (so a student can type
 * "0." on the way to "0.01"); only a valid number reaches the configuration. `check` adds a rule
 * that involves other fields (the train + test split).
 */
export function NumberField({
  field,
  disabled,
  check,
}: {
  field: NumericField;
  disabled?: boolean;
  check?: (value: number) => string | null;
}) {
  const id = KEY_OF_FIELD[field];
  const meta = CONTROLS[id];
  const value = useAppStore(selectField(field));
  const setConfig = useAppStore(selectSetConfig);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = draft ?? String(value);

  const onChange = (raw: string) => {
    setDraft(raw);
    const parsed = parseNumberField(field, raw);
    const problem = parsed.ok ? (check?.(parsed.value) ?? null) : parsed.reason;
    setError(problem);
    if (parsed.ok && !problem) setConfig({ [field]: parsed.value });
  };
  const errorId = `${inputId(id)}-error`;
  return (
    <div className="field" data-control={id}>
      <label htmlFor={inputId(id)}>{meta.label}</label>
      <input
        id={inputId(id)}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        autoComplete="off"
        value={shown}
        disabled={disabled}
        aria-invalid={error !== null}
        aria-describedby={error ? `${errorId} ${helpId(id)}` : helpId(id)}
        onChange={(event) => onChange(event.target.value)}
        onBlur={() => {
          // A valid entry is shown as the configuration holds it; an invalid one stays in the
          // field with its reason (not silently reverted), and is not used.
          if (error === null) setDraft(null);
        }}
      />
      {error && (
        <span id={errorId} className="field-error">
          {error}; keeping {String(value)}
        </span>
      )}
      <Help id={id} text={meta.help} />
    </div>
  );
}
