import type { CountedNotice, IgnoredParam } from '../core';
import { summariseNotices } from '../core';

function NoticeItem({ notice, count }: CountedNotice) {
  return (
    <li>
      <code>{notice.key}</code>
      {notice.value !== '' && (
        <>
          {' = '}
          <code>{notice.value}</code>
        </>
      )}
      : {notice.reason}
      {count > 1 && ` (${count.toLocaleString('en')} times)`}
    </li>
  );
}

/**
 * A link's ignored parts as a list: repeats collapsed, the first few shown, the next ones behind
 * a "Show N more" disclosure, anything past that counted. Keys and values are plain text (React
 * escapes them); the codec has already escaped control characters and capped their length.
 */
export function NoticeList({ notices }: { notices: readonly IgnoredParam[] }) {
  const { shown, folded, more } = summariseNotices(notices);
  return (
    <>
      <ul>
        {shown.map((n, i) => (
          <NoticeItem key={i} {...n} />
        ))}
      </ul>
      {folded.length > 0 && (
        <details className="notice-more">
          <summary>Show {folded.length.toLocaleString('en')} more</summary>
          <ul>
            {folded.map((n, i) => (
              <NoticeItem key={i} {...n} />
            ))}
          </ul>
        </details>
      )}
      {more > 0 && <p className="small">…and {more.toLocaleString('en')} more, not listed.</p>}
    </>
  );
}
