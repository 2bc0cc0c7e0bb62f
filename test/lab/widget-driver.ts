/**
 * Drives the chat widget (test/lab/pages/chat-widget.js) in a page or a frame, step by step, so
 * a test can act between the steps (stop a node mid-chat) and read the outcome of each, in any
 * browser the lab drives.
 */
import type { ScriptTarget } from './browser';

/** The widget's CometD state, as it reports it. */
export interface WidgetCometdState {
  readonly handshakes: number;
  readonly connects: number;
  readonly connected: boolean;
  readonly errors: readonly string[];
  readonly received: ReadonlyArray<{ readonly text: string }>;
  readonly status: string;
}

/** The outcome of a step: its value, or the error message the widget reported. */
export type StepResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

type WidgetMethod = 'cometdConnect' | 'cometdRoundTrip' | 'cometdStop' | 'restStart' | 'restSend' | 'restPoll' | 'restChat' | 'state';

/** A handle on the widget of one page or frame. */
export class WidgetDriver {
  /** Waits until the widget's module has loaded in `target`. */
  public static async attach(target: ScriptTarget, timeoutMs = 15_000): Promise<WidgetDriver> {
    await target.waitForValue(() => (window as unknown as { gmsLab?: unknown }).gmsLab !== undefined || undefined, timeoutMs);
    return new WidgetDriver(target);
  }

  private constructor(private readonly target: ScriptTarget) {}

  /** Handshakes; fails at the first unsuccessful reply (e.g. `402::session_unknown`). */
  public cometdConnect(): Promise<StepResult<{ handshakes: number }>> {
    return this.call('cometdConnect', []);
  }

  /** Publishes `text` and waits until the node delivers it back over /meta/connect. */
  public cometdRoundTrip(text: string): Promise<StepResult<{ text: string; ms: number; handshakes: number }>> {
    return this.call('cometdRoundTrip', [text]);
  }

  public async cometdStop(): Promise<void> {
    await this.call('cometdStop', []);
  }

  public restStart(): Promise<StepResult<{ chatId: string }>> {
    return this.call('restStart', []);
  }

  public restSend(text: string): Promise<StepResult<void>> {
    return this.call('restSend', [text]);
  }

  /** The transcript's message texts. */
  public restPoll(): Promise<StepResult<string[]>> {
    return this.call('restPoll', []);
  }

  /** Start, send `text`, poll it back. */
  public restChat(text: string): Promise<StepResult<{ chatId: string; texts: string[]; ms: number }>> {
    return this.call('restChat', [text]);
  }

  public async cometdState(): Promise<WidgetCometdState> {
    const result = await this.call<WidgetCometdState>('state', []);
    if (!result.ok) {
      throw new Error(result.error);
    }
    return result.value;
  }

  private call<T>(method: WidgetMethod, args: unknown[]): Promise<StepResult<T>> {
    return this.target.evaluate(async ({ method: name, args: callArgs }: { method: WidgetMethod; args: unknown[] }): Promise<StepResult<T>> => {
      const widget = (window as unknown as { gmsLab: Record<string, (...a: unknown[]) => unknown> }).gmsLab;
      try {
        return { ok: true as const, value: await widget[name](...callArgs) as T };
      } catch (error) {
        return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
      }
    }, { method, args });
  }
}
