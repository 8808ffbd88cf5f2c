-- Which websites may frame the embed pages (/nhung/…): a JSON array of origins such as
-- "https://binhduong.gov.vn", or ["*"] for any. Every other page refuses framing.
ALTER TABLE unit ADD COLUMN embed_origins TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(embed_origins));
