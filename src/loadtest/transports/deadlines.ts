/**
 * Per-request timeouts with one timer. undici's own headers/body timeouts run on a coarse timer
 * (about 0.5 s resolution), which would blur a 300 ms timeout into 300-900 ms. Every request of a
 * run has the same timeout, so deadlines arrive in send order: a doubly linked list in that
 * order is also deadline order. Adding is O(1) at the tail, finishing is O(1) unlinking, and a
 * single setTimeout is armed for the head.
 */

export interface DeadlineNode {
  deadline: number;
  prev: DeadlineNode | undefined;
  next: DeadlineNode | undefined;
  /** Called once when the deadline passes before `remove`. */
  expire(): void;
}

export class DeadlineList {
  private head: DeadlineNode | undefined;
  private tail: DeadlineNode | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly fire = (): void => this.expireDue();

  constructor(private readonly timeoutMs: number) {}

  add(node: DeadlineNode): void {
    node.deadline = performance.now() + this.timeoutMs;
    node.next = undefined;
    node.prev = this.tail;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    if (!this.timer) this.arm();
  }

  remove(node: DeadlineNode): void {
    if (node.prev) node.prev.next = node.next;
    else if (this.head === node) this.head = node.next;
    else return; // not in the list (already expired or removed)
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = undefined;
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.head = this.tail = undefined;
  }

  private arm(): void {
    if (!this.head) return;
    this.timer = setTimeout(this.fire, Math.max(0, this.head.deadline - performance.now()));
    // A pending deadline alone must not keep a process alive.
    this.timer.unref();
  }

  private expireDue(): void {
    this.timer = undefined;
    const now = performance.now();
    while (this.head && this.head.deadline <= now) {
      const node = this.head;
      this.remove(node);
      node.expire();
    }
    this.arm();
  }
}
