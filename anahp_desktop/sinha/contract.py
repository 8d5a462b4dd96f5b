"""The SINHA API contract (fixed; other tools rely on it). See docs/sinha-api.md.

These models document the JSON both ways and are what the emulator validates
requests against; the engine builds plain dicts of the same shape for speed
and the tests check them against these models.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SinhaRecord(_Strict):
    id_registro: str = Field(min_length=1, max_length=64)
    atualizado_em: datetime
    atendimento_hash: str = Field(min_length=1, max_length=128)
    data_internacao: datetime
    data_alta: datetime
    permanencia_dias: int = Field(ge=0)
    tipo_alta: str = Field(min_length=1, max_length=2)
    cid_principal: str = Field(pattern=r"^[A-Z][0-9]{2}[0-9A-Z]{0,2}$")
    sexo: str = Field(pattern=r"^[MFI]$")
    idade_anos: int = Field(ge=0, le=130)
    convenio: str | None = Field(default=None, max_length=60)
    setor: str | None = Field(default=None, max_length=60)


class Lote(_Strict):
    id_lote: str = Field(min_length=1, max_length=64)
    cnes: str = Field(pattern=r"^[0-9]{7}$")
    gerado_em: datetime
    registros: list[SinhaRecord] = Field(min_length=1)


class LoteReceipt(BaseModel):
    """201/200 to POST /lotes and 200 to GET /lotes/{id_lote}."""

    id_lote: str
    protocolo: str
    recebidos: int


class RecordError(BaseModel):
    indice: int
    campo: str
    mensagem: str


class LoteErrors(BaseModel):
    """400/422 body: per-record errors, by index in ``registros``."""

    erros: list[RecordError]
