"""Why a record is not sent: stable codes, with the sentence an operator reads.

Codes are stored in the state store (``rejections``) and never change; the
sentences are translated when shown. Reasons name the field and the rule,
never the value, so a rejection list can be shared without patient data.
"""

from __future__ import annotations

from enum import StrEnum

from anahp_desktop.translation import _


class Reason(StrEnum):
    ID_MISSING = "id_missing"
    ID_TOO_LONG = "id_too_long"
    CNES_MISSING = "cnes_missing"
    CNES_NOT_7_DIGITS = "cnes_not_7_digits"
    ATENDIMENTO_MISSING = "atendimento_missing"
    ATENDIMENTO_TOO_LONG = "atendimento_too_long"
    DATA_INTERNACAO_MISSING = "data_internacao_missing"
    DATA_INTERNACAO_INVALID = "data_internacao_invalid"
    DATA_INTERNACAO_FUTURE = "data_internacao_future"
    DATA_INTERNACAO_TOO_OLD = "data_internacao_too_old"
    DATA_ALTA_MISSING = "data_alta_missing"
    DATA_ALTA_INVALID = "data_alta_invalid"
    DATA_ALTA_FUTURE = "data_alta_future"
    DATA_ALTA_TOO_OLD = "data_alta_too_old"
    STAY_TOO_LONG = "stay_too_long"
    UPDATED_AT_OUT_OF_RANGE = "updated_at_out_of_range"
    ALTA_BEFORE_INTERNACAO = "alta_before_internacao"
    TIPO_ALTA_MISSING = "tipo_alta_missing"
    TIPO_ALTA_INVALID = "tipo_alta_invalid"
    CID_MISSING = "cid_missing"
    CID_INVALID = "cid_invalid"
    SEXO_MISSING = "sexo_missing"
    SEXO_INVALID = "sexo_invalid"
    NASCIMENTO_MISSING = "nascimento_missing"
    NASCIMENTO_INVALID = "nascimento_invalid"
    AGE_OUT_OF_RANGE = "age_out_of_range"
    CONVENIO_TOO_LONG = "convenio_too_long"
    SETOR_TOO_LONG = "setor_too_long"
    CONTROL_CHARACTERS = "control_characters"
    INVISIBLE_CHARACTERS = "invisible_characters"
    INVALID_UNICODE = "invalid_unicode"
    NOT_TEXT = "not_text"
    SERVER_REJECTED = "server_rejected"


def describe(reason: Reason | str, field: str = "") -> str:
    """The operator's sentence for a reason code (unknown codes are shown as they are)."""
    texts: dict[str, str] = {
        Reason.ID_MISSING: _("The record has no id."),
        Reason.ID_TOO_LONG: _("The id is longer than 64 characters."),
        Reason.CNES_MISSING: _("The CNES is empty."),
        Reason.CNES_NOT_7_DIGITS: _("The CNES must have exactly 7 digits."),
        Reason.ATENDIMENTO_MISSING: _("The encounter number (atendimento) is empty."),
        Reason.ATENDIMENTO_TOO_LONG: _(
            "The encounter number (atendimento) is longer than 40 characters."
        ),
        Reason.DATA_INTERNACAO_MISSING: _("The admission date (data_internacao) is empty."),
        Reason.DATA_INTERNACAO_INVALID: _(
            "The admission date (data_internacao) is not a valid date."
        ),
        Reason.DATA_INTERNACAO_FUTURE: _(
            "The admission date (data_internacao) is more than one day in the future."
        ),
        Reason.DATA_INTERNACAO_TOO_OLD: _(
            "The admission date (data_internacao) is before 1970: a placeholder, not a date."
        ),
        Reason.DATA_ALTA_TOO_OLD: _(
            "The discharge date (data_alta) is before 1970: a placeholder, not a date."
        ),
        Reason.STAY_TOO_LONG: _(
            "The stay between admission and discharge is longer than 10 years: a date is wrong."
        ),
        Reason.UPDATED_AT_OUT_OF_RANGE: _(
            "The last change (updated_at) is before 1970 or more than one day in the future."
        ),
        Reason.DATA_ALTA_MISSING: _("The discharge date (data_alta) is empty."),
        Reason.DATA_ALTA_INVALID: _("The discharge date (data_alta) is not a valid date."),
        Reason.DATA_ALTA_FUTURE: _(
            "The discharge date (data_alta) is more than one day in the future."
        ),
        Reason.ALTA_BEFORE_INTERNACAO: _(
            "The discharge (data_alta) is before the admission (data_internacao)."
        ),
        Reason.TIPO_ALTA_MISSING: _("The discharge type (tipo_alta) is empty."),
        Reason.TIPO_ALTA_INVALID: _(
            "The discharge type (tipo_alta) must be 1 or 2 letters or digits."
        ),
        Reason.CID_MISSING: _("The main diagnosis (cid_principal) is empty."),
        Reason.CID_INVALID: _(
            "The main diagnosis (cid_principal) is not an ICD-10 code (A00 to Z99, plus up to 2 characters)."
        ),
        Reason.SEXO_MISSING: _("The sex (sexo) is empty."),
        Reason.SEXO_INVALID: _("The sex (sexo) must be M, F or I."),
        Reason.NASCIMENTO_MISSING: _("The birth date (data_nascimento) is empty."),
        Reason.NASCIMENTO_INVALID: _("The birth date (data_nascimento) is not a valid date."),
        Reason.AGE_OUT_OF_RANGE: _("The age at admission is not between 0 and 130 years."),
        Reason.CONVENIO_TOO_LONG: _("The payer (convenio) is longer than 60 characters."),
        Reason.SETOR_TOO_LONG: _("The ward (setor) is longer than 60 characters."),
        Reason.CONTROL_CHARACTERS: _("A text field contains control characters."),
        Reason.INVISIBLE_CHARACTERS: _(
            "A text field contains invisible characters (zero-width, direction marks or line "
            "separators)."
        ),
        Reason.INVALID_UNICODE: _("A text field contains invalid characters (broken Unicode)."),
        Reason.NOT_TEXT: _("A text field holds a value of the wrong type."),
        Reason.SERVER_REJECTED: _("SINHA rejected this record."),
    }
    text = texts.get(reason, str(reason))
    if field and reason in (
        Reason.CONTROL_CHARACTERS,
        Reason.INVISIBLE_CHARACTERS,
        Reason.INVALID_UNICODE,
        Reason.NOT_TEXT,
    ):
        text = f"{text} ({field})"
    return text
