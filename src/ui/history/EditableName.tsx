import { useState } from 'react';

/** A name with a Rename button that turns it into a text field (Enter saves, Escape cancels). */
export function EditableName({
  name,
  label,
  onRename,
}: {
  name: string;
  label: string;
  onRename: (name: string) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  if (draft === null) {
    return (
      <span className="editable-name">
        <span data-testid="item-name">{name}</span>{' '}
        <button type="button" className="link-button small" onClick={() => setDraft(name)}>
          Rename
        </button>
      </span>
    );
  }
  const save = () => {
    if (draft.trim() !== '') onRename(draft);
    setDraft(null);
  };
  return (
    <form
      className="editable-name"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <input
        aria-label={`New name for ${label}`}
        value={draft}
        maxLength={200}
        autoFocus
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setDraft(null);
        }}
      />
      <button type="submit">Save</button>
    </form>
  );
}
