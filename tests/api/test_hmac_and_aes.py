"""hmac and aes_encrypt / aes_decrypt / try_aes_decrypt as PySpark 4.3 gives them: fixed-IV
ciphertexts byte for byte, values PySpark encrypted with random IVs decrypted here (and those
encrypted here were decrypted by PySpark), names with Spark's defaults filled in, and errors."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import SparkRuntimeException
from tests.api.apihelpers import tuples

K16 = "0000111122223333"


def one(spark, sql):
    out = spark.sql(sql)
    return out.columns, [f.dataType.simpleString() for f in out.schema.fields], tuple(out.collect()[0])


def test_hmac_digests_and_names_its_default_algorithm(spark):
    cols, types, row = one(
        spark, "SELECT hex(hmac('key', 'msg')), hex(hmac('key', 'msg', 'sha-1')), hmac(NULL, 'm'), hmac('k', NULL), "
        "hex(hmac('k', '')), hex(hmac('k', 'm', 'sha256'))"
    )  # fmt: skip
    assert cols[:4] == ["hex(hmac(key, msg, SHA-256))", "hex(hmac(key, msg, sha-1))", "hmac(NULL, m, SHA-256)", "hmac(k, NULL, SHA-256)"]
    assert types == ["string", "string", "binary", "binary", "string", "string"]
    assert row == ("2D93CBC1BE167BCB1637A4A23CBFF01A7878F0C50EE833954EA5221BB1B8C628", "102900B72B7BF1031EEC76B4804B66052376896B",
                   None, None, "8BB990C40A7D61CB97597A942125025BE50AC8BEB74436E3735B98893A7F6620",
                   "B60090E3052297AEB5A080889CE2FC4BCA957E756FAEB4DF7D31800CA1E771EC")  # fmt: skip
    with pytest.raises(SparkRuntimeException, match=r"HMAC_ALGORITHM.*expects one of the algorithms 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512', 'SHA-1', 'MD5', but got 'foo'"):
        spark.sql("SELECT hmac('k', 'm', 'foo')").collect()
    with pytest.raises(SparkRuntimeException, match=r"HMAC_CRYPTO_ERROR.*`key` in `hmac` is invalid: detail message: Empty key"):
        spark.sql("SELECT hmac('', '')").collect()
    df = spark.createDataFrame([("k", "s")], "k string, s string")
    assert df.select(F.hmac("k", "s"), F.hmac("k", "s", F.lit("MD5"))).columns == ["hmac(k, s, SHA-256)", "hmac(k, s, MD5)"]


def test_aes_encrypt_with_fixed_ivs_matches_spark_byte_for_byte(spark):
    cols, types, row = one(
        spark, f"SELECT hex(aes_encrypt('Spark', '{K16}', 'ECB')), hex(aes_encrypt('Spark', '{K16}', 'CBC', 'DEFAULT', "
        "unhex('00000000000000000000000000000000'))), hex(aes_encrypt('Spark', '000011112222333344445555', 'GCM', 'DEFAULT', "
        "unhex('000000000000000000000000'))), hex(aes_encrypt('Spark', '00001111222233334444555566667777', 'GCM', 'DEFAULT', "
        "unhex('000000000000000000000000'), 'This is an AAD mixed into the input'))"
    )  # fmt: skip
    assert cols[0] == f"hex(aes_encrypt(Spark, {K16}, ECB, DEFAULT, , ))"
    assert row == ("348FF37EBDE05B7880BA339068FBDA5E", "00000000000000000000000000000000348FF37EBDE05B7880BA339068FBDA5E",
                   "000000000000000000000000269AFC963641A43F19237742D0B90CF0421F563A00",
                   "000000000000000000000000997BC24366147C5901DC8620309097D01117800989")  # fmt: skip
    cols, types, row = one(spark, f"SELECT aes_encrypt(NULL, '{K16}'), length(aes_encrypt('Spark', '{K16}')), length(aes_encrypt('', '{K16}', 'CBC'))")
    assert cols[0] == f"aes_encrypt(NULL, {K16}, GCM, DEFAULT, , )" and types == ["binary", "int", "int"] and row == (None, 33, 32)


def test_aes_decrypt_reads_what_spark_encrypted_with_random_ivs(spark):
    cols, types, row = one(
        spark, "SELECT cast(aes_decrypt(unbase64('zu0EdkFaN22qFgfEDfEA06r5TBoJZ8bWC+7XjsNy7NyyZjdDYw1A'), '0123456789abcdef') AS string), "
        "cast(aes_decrypt(unbase64('R7yTCDC4rjFKCVOk6t/ehkUcelaRsmAm+uKzpukW3+c='), '0123456789abcdef', 'CBC') AS string), "
        "cast(aes_decrypt(unbase64('SClLozsI1f9TFIFGxi5Mjb/oywrcf494/wY8hgBQuvbqU9AVodfB'), '0123456789abcdef0123456789abcdef', 'GCM', 'DEFAULT', 'aad1') AS string), "
        "cast(aes_decrypt(unbase64('DGdTta4MJQgKttDjLjGNMg=='), '0123456789abcdef01234567', 'ECB') AS string), "
        f"cast(aes_decrypt(unhex('6E7CA17BBB468D3084B5744BCA729FB7B2B7BCB8E4472847D02670489D95FA97DBBA7D3210'), '{K16}', 'GCM') AS string)"
    )  # fmt: skip
    assert cols[0] == "CAST(aes_decrypt(unbase64(zu0EdkFaN22qFgfEDfEA06r5TBoJZ8bWC+7XjsNy7NyyZjdDYw1A), 0123456789abcdef, GCM, DEFAULT, ) AS STRING)"
    assert row == ("hello world", "hello world", "hello world", "", "Spark SQL")


def test_aes_round_trips_through_every_mode(spark):
    df = spark.createDataFrame([("Spark", K16), ("", K16), (None, K16)], "s string, k string")
    out = df.select(
        F.aes_decrypt(F.aes_encrypt("s", "k"), "k"),
        F.aes_decrypt(F.aes_encrypt("s", "k", F.lit("CBC")), "k", F.lit("CBC")),
        F.try_aes_decrypt(F.aes_encrypt("s", "k", F.lit("ECB"), F.lit("PKCS")), "k", F.lit("ECB"), F.lit("PKCS")),
    )
    assert out.columns[0] == "aes_decrypt(aes_encrypt(s, k, GCM, DEFAULT, , ), k, GCM, DEFAULT, )"
    assert tuples(out) == [(b"Spark",) * 3, (b"",) * 3, (None,) * 3]


@pytest.mark.parametrize(
    ("sql", "error"),
    [(f"aes_decrypt(unhex('3FA0E4F2B2A5C8D6A8E9C3F3D1C1F1E1'), '{K16}', 'ECB')", r"AES_CRYPTO_ERROR.*Given final block not properly padded"),
     (f"aes_decrypt(unhex('00'), '{K16}', 'ECB')", r"AES_CRYPTO_ERROR.*Input length must be multiple of 16"),
     (f"aes_decrypt(X'00', '{K16}', 'GCM')", r"AES_CRYPTO_ERROR.*Invalid buffer arguments"),
     ("aes_decrypt(unhex('000000000000000000000000269AFC963641A43F19237742D0B90CF0421F563A01'), '000011112222333344445555', 'GCM')",
      r"AES_CRYPTO_ERROR.*detail message: Tag mismatch!"),
     ("aes_encrypt('Spark', 'short')", r"AES_KEY_LENGTH.*expects a binary value with 16, 24 or 32 bytes, but got 5 bytes"),
     (f"aes_encrypt('Spark', '{K16}', 'CTR')", r"UNSUPPORTED_FEATURE.AES_MODE\].*AES-CTR with the padding DEFAULT"),
     (f"aes_encrypt('Spark', '{K16}', 'ECB', 'NONE')", r"UNSUPPORTED_FEATURE.AES_MODE\].*AES-ECB with the padding NONE"),
     (f"aes_encrypt('Spark', '{K16}', 'ECB', 'DEFAULT', unhex('00000000000000000000000000000000'))", r"AES_MODE_IV.*AES-ECB does not support initialization vectors"),
     (f"aes_encrypt('Spark', '{K16}', 'CBC', 'DEFAULT', unhex('0000'))", r"AES_IV_LENGTH.*but got 2 bytes for CBC"),
     (f"aes_encrypt('Spark', '{K16}', 'CBC', 'DEFAULT', '', 'aad')", r"AES_MODE_AAD.*AES-CBC does not support additional authenticate data")],
)  # fmt: skip
def test_aes_errors_and_try_aes_decrypt_answers_null(spark, sql, error):
    with pytest.raises(SparkRuntimeException, match=error):
        spark.sql(f"SELECT {sql}").collect()
    if sql.startswith("aes_decrypt"):
        assert one(spark, f"SELECT try_{sql}")[2] == (None,)


def test_aes_null_mode_or_aad_gives_null(spark):
    _, _, row = one(spark, f"SELECT aes_encrypt(X'01', '{K16}', NULL), aes_decrypt(aes_encrypt(X'01', '{K16}'), '{K16}', 'GCM', 'DEFAULT', NULL), try_aes_decrypt(unhex('00'), 'short')")
    assert row == (None, None, None)
