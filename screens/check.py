"""Last step: the whole request read back as one sentence, then 'Ja, klopt' saves it.

Save first: the done screen appears only after the commit returned (in a worker thread, so the
screen keeps drawing); a failure leaves everything as typed and says what to do.
"""

from __future__ import annotations

from typing import Any

from kiosk.domain import CALLBACK, Circle, ValidationError, ask_sentence, offer_sentence
from screens.flow import FlowScreen
from screens.measure import fit_text, numbers_unbroken
from screens.widgets import load_kv

load_kv(__file__)


class CheckScreen(FlowScreen):
    part = "check"

    def refresh(self) -> None:
        super().refresh()
        tr = self.kiosk.tr
        self.title = tr("Is this right?")
        store = self.kiosk.store
        try:
            if self.flow == "ask":
                sentence = ask_sentence(self.draft, store.circle(self.draft.circle))
            else:
                sentence = offer_sentence(self.draft)
        except ValidationError as error:
            sentence = error.message
        self.ids.sentence.text = numbers_unbroken(sentence)
        self.next_name = "confirm"
        self.next_text = tr("Yes, that is right")
        self.next_icon = "check-bold"
        self.show_next = True

    def fit_sentence(self) -> None:
        """The whole sentence in its box, on the 7" panels too (see :func:`fit_text`)."""
        if self.kiosk is not None:
            fit_text(self.ids.sentence, self.kiosk.font_px, self.kiosk.px_mm)

    def proceed(self) -> None:
        self.confirm()

    def spoken_text(self) -> str:
        """The question, the sentence, then the way on ("Ja, klopt", in the bar here)."""
        text = super().spoken_text()
        if self.error or not self.show_next:
            return text
        return f"{text} {self.next_text}."

    def confirm(self) -> None:
        if self.kiosk.still_busy():
            return
        store = self.kiosk.store
        draft = self.draft
        save = store.save_ask if self.flow == "ask" else store.save_offer
        self.ids.sentence.text = self.kiosk.tr("One moment, we are saving your request…")
        self.show_next = False  # no second "Ja, klopt" while it saves
        self.kiosk.background.run(lambda: save(draft), self._saved, self._failed)

    def _saved(self, saved: Any) -> None:
        """The commit returned: now, and only now, the person is told it worked."""
        kiosk = self.kiosk
        kiosk.visit.last_saved = saved
        kiosk.visit.saved_who = self._who(self.draft)
        kiosk.printing.print_receipt(self.flow, saved, self.draft)
        kiosk.sync_status.kick()
        kiosk.visit.new_draft(self.flow)
        kiosk.nav.history.clear()
        kiosk.nav.go(f"{self.flow}_done", remember=False)

    def _who(self, draft: Any) -> tuple[Circle | None, str]:
        """Whose call the done screen announces: the same words as on the receipt."""
        if self.flow == "offer":
            return None, "offer"
        kind = "callback" if draft.category == CALLBACK else "ask"
        return self.kiosk.store.circle(draft.circle), kind

    def _failed(self, error: BaseException) -> None:
        self.refresh()
        if isinstance(error, ValidationError):
            self.show_error(error.message)
        else:
            self.show_error(
                self.kiosk.tr(
                    "Saving did not work. Nothing is lost: please try again, or ask someone for help."
                )
            )
