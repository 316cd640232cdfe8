import { useEffect, useId, useRef } from 'react';
import type { Agreement } from '../core/terms.js';
import type { OneTapLabels } from './labels.js';
import { styles } from './styles.js';
import { Terms } from './Terms.js';

interface ConsentPromptProps {
  terms: readonly Agreement[];
  labels: OneTapLabels;
  /** `true`: agrees and logs in, in one tap; `false`: closes the prompt without agreeing (Escape, or the cancel button). */
  onAnswer(agreed: boolean): void;
}

/**
 * Asks for consent after a login without it: an inline alert dialog that takes focus (so it is
 * announced), lists the terms again, and offers to agree and log in in one tap.
 */
export function ConsentPrompt({ terms, labels, onAnswer }: ConsentPromptProps) {
  const messageId = useId();
  const agree = useRef<HTMLButtonElement>(null);
  useEffect(() => agree.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={messageId}
      data-slot="consent-prompt"
      style={styles.prompt}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onAnswer(false);
      }}
    >
      <p id={messageId} style={{ margin: 0 }}>
        {labels.consentPrompt}
        <Terms terms={terms} labels={labels} />
      </p>
      <div style={styles.promptActions}>
        <button type="button" style={styles.secondary} onClick={() => onAnswer(false)}>
          {labels.cancel}
        </button>
        <button ref={agree} type="button" style={styles.button} onClick={() => onAnswer(true)}>
          {labels.agreeAndLogin}
        </button>
      </div>
    </div>
  );
}
