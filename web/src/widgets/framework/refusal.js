// A change the widget itself refuses before the core sees it (a value that overflowed to
// infinity while typing), with its own message. Thrown from a widget's evaluate(); the framework
// shows `say(language)` instead of the core's message, and says it again after a language switch.
export class Refusal extends Error {
  /** @param {(language) => string} say the message in the widget's current language */
  constructor(say) {
    super('refused by the widget');
    this.say = say;
  }
}
