import { useState } from 'react';
import { VIEWS, decodeConfig, encodeConfig, viewEntry, type View } from '../../core';
import { selectHidden } from '../../store';
import { useAppStore } from '../storeContext';

/**
 * Send the trainer's configuration (with the controls it hides, the `hide=` vocabulary) or a
 * view to everyone; students who stopped following keep their own page.
 */
export function ClassSends() {
  const sendToClass = useAppStore((s) => s.sendToClass);
  const config = useAppStore((s) => s.config);
  const hidden = useAppStore(selectHidden);
  const [view, setView] = useState<View>('trainer');
  const [lock, setLock] = useState('');
  // The link codec keeps only the keys `hide=` knows.
  const typed = lock.replace(/\s+/g, '');
  const hide = decodeConfig(`hide=${[...hidden, typed].filter(Boolean).join(',')}`).hide;
  return (
    <section className="panel" aria-labelledby="class-sends-title">
      <h2 id="class-sends-title">Send to everyone</h2>
      <div className="class-row">
        <label>
          Lock controls (link keys, e.g. <code>loss,act</code>){' '}
          <input
            value={lock}
            onChange={(e) => setLock(e.target.value)}
            placeholder={hidden.join(',')}
          />
        </label>
        <button
          type="button"
          onClick={() => sendToClass('trainer', encodeConfig(config, { hide }))}
          data-testid="class-send-config"
        >
          Send my trainer configuration
        </button>
      </div>
      <div className="class-row">
        <label>
          View{' '}
          <select
            value={view}
            onChange={(e) => setView(VIEWS.find((v) => v === e.target.value) ?? 'trainer')}
            data-testid="class-send-view-choice"
          >
            {/* Every view of the app, as the view registry lists and names them. */}
            {VIEWS.map((id) => (
              <option key={id} value={id}>
                {viewEntry(id).label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => sendToClass(view, '')}>
          Open this view for everyone
        </button>
      </div>
    </section>
  );
}
