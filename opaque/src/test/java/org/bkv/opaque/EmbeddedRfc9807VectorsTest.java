package org.bkv.opaque;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One real and one fake RFC 9807 vector per suite, copied from RFC 9807 Appendix C into the project
 * itself, so that a checkout alone (without the shared vector directory) proves conformance.
 */
class EmbeddedRfc9807VectorsTest {

    @Test
    void ristretto255Real() throws Exception {
        new OpaqueVectorRunner(
            Map.ofEntries(
            Map.entry("Context", "4f50415155452d504f43"),
            Map.entry("Fake", "False"),
            Map.entry("Group", "ristretto255"),
            Map.entry("Hash", "SHA512"),
            Map.entry("KDF", "HKDF-SHA512"),
            Map.entry("KSF", "Identity"),
            Map.entry("MAC", "HMAC-SHA512"),
            Map.entry("Name", "3DH"),
            Map.entry("Nh", "64"),
            Map.entry("Nm", "64"),
            Map.entry("Nok", "32"),
            Map.entry("Npk", "32"),
            Map.entry("Nsk", "32"),
            Map.entry("Nx", "64"),
            Map.entry("OPRF", "ristretto255-SHA512")),
            Map.ofEntries(
            Map.entry("blind_login", "6ecc102d2e7a7cf49617aad7bbe188556792d4acd60a1a8a8d2b65d4b0790308"),
            Map.entry("blind_registration", "76cfbfe758db884bebb33582331ba9f159720ca8784a2a070a265d9c2d6abe01"),
            Map.entry("client_keyshare_seed", "82850a697b42a505f5b68fcdafce8c31f0af2b581f063cf1091933541936304b"),
            Map.entry("client_nonce", "da7e07376d6d6f034cfa9bb537d11b8c6b4238c334333d1f0aebb380cae6a6cc"),
            Map.entry("credential_identifier", "31323334"),
            Map.entry("envelope_nonce", "ac13171b2f17bc2c74997f0fce1e1f35bec6b91fe2e12dbd323d23ba7a38dfec"),
            Map.entry("masking_nonce", "38fe59af0df2c79f57b8780278f5ae47355fe1f817119041951c80f612fdfc6d"),
            Map.entry("oprf_seed", "f433d0227b0b9dd54f7c4422b600e764e47fb503f1f9a0f0a47c6606b054a7fdc65347f1a08f277e22358bbabe26f823"
                        + "fca82c7848e9a75661f4ec5d5c1989ef"),
            Map.entry("password", "436f7272656374486f72736542617474657279537461706c65"),
            Map.entry("server_keyshare_seed", "05a4f54206eef1ba2f615bc0aa285cb22f26d1153b5b40a1e85ff80da12f982f"),
            Map.entry("server_nonce", "71cd9960ecef2fe0d0f7494986fa3d8b2bb01963537e60efb13981e138e3d4a1"),
            Map.entry("server_private_key", "47451a85372f8b3537e249d7b54188091fb18edde78094b43e2ba42b5eb89f0d"),
            Map.entry("server_public_key", "b2fe7af9f48cc502d016729d2fe25cdd433f2c4bc904660b2a382c9b79df1a78")),
            Map.ofEntries(
            Map.entry("auth_key", "6cd32316f18d72a9a927a83199fa030663a38ce0c11fbaef82aa90037730494fc555c4d49506284516edd1628c27965b"
                        + "7555a4ebfed2223199f6c67966dde822"),
            Map.entry("client_mac_key", "91750adbac54a5e8e53b4c233cc8d369fe83b0de1b6a3cd85575eeb0bb01a6a90a086a2cf5fe75fff2a9379c30ba9049"
                        + "510a33b5b0b1444a88800fc3eee2260d"),
            Map.entry("client_public_key", "76a845464c68a5d2f7e442436bb1424953b17d3e2e289ccbaccafb57ac5c3675"),
            Map.entry("envelope", "ac13171b2f17bc2c74997f0fce1e1f35bec6b91fe2e12dbd323d23ba7a38dfec634b0f5b96109c198a8027da51854c35"
                        + "bee90d1e1c781806d07d49b76de6a28b8d9e9b6c93b9f8b64d16dddd9c5bfb5fea48ee8fd2f75012a8b308605cdd8ba5"),
            Map.entry("handshake_secret", "81263cb85a0cfa12450f0f388de4e92291ec4c7c7a0878b624550ff528726332f1298fc6cc822a432c89504347c7a2cc"
                        + "d70316ae3da6a15e0399e6db3f7c1b12"),
            Map.entry("masking_key", "1ac5844383c7708077dea41cbefe2fa15724f449e535dd7dd562e66f5ecfb95864eadddec9db5874959905117dad40a4"
                        + "524111849799281fefe3c51fa82785c5"),
            Map.entry("oprf_key", "5d4c6a8b7c7138182afb4345d1fae6a9f18a1744afbcc3854f8f5a2b4b4c6d05"),
            Map.entry("randomized_password", "aac48c25ab036e30750839d31d6e73007344cb1155289fb7d329beb932e9adeea73d5d5c22a0ce1952f8aba6d6600761"
                        + "5cd1698d4ac85ef1fcf150031d1435d9"),
            Map.entry("server_mac_key", "0d36b26cfe38f51f804f0a9361818f32ee1ce2a4e5578653b527184af058d3b2d8075c296fd84d24677913d1baa10929"
                        + "0cd81a13ed383f9091a3804e65298dfc")),
            Map.ofEntries(
            Map.entry("KE1", "c4dedb0ba6ed5d965d6f250fbe554cd45cba5dfcce3ce836e4aee778aa3cd44dda7e07376d6d6f034cfa9bb537d11b8c"
                        + "6b4238c334333d1f0aebb380cae6a6cc6e29bee50701498605b2c085d7b241ca15ba5c32027dd21ba420b94ce60da326"),
            Map.entry("KE2", "7e308140890bcde30cbcea28b01ea1ecfbd077cff62c4def8efa075aabcbb47138fe59af0df2c79f57b8780278f5ae47"
                        + "355fe1f817119041951c80f612fdfc6dd6ec60bcdb26dc455ddf3e718f1020490c192d70dfc7e403981179d8073d1146"
                        + "a4f9aa1ced4e4cd984c657eb3b54ced3848326f70331953d91b02535af44d9fedc80188ca46743c52786e0382f95ad85"
                        + "c08f6afcd1ccfbff95e2bdeb015b166c6b20b92f832cc6df01e0b86a7efd92c1c804ff865781fa93f2f20b446c8371b6"
                        + "71cd9960ecef2fe0d0f7494986fa3d8b2bb01963537e60efb13981e138e3d4a1c4f62198a9d6fa9170c42c3c71f1971b"
                        + "29eb1d5d0bd733e40816c91f7912cc4a660c48dae03e57aaa38f3d0cffcfc21852ebc8b405d15bd6744945ba1a93438a"
                        + "162b6111699d98a16bb55b7bdddfe0fc5608b23da246e7bd73b47369169c5c90"),
            Map.entry("KE3", "4455df4f810ac31a6748835888564b536e6da5d9944dfea9e34defb9575fe5e2661ef61d2ae3929bcf57e53d464113d3"
                        + "64365eb7d1a57b629707ca48da18e442"),
            Map.entry("export_key", "1ef15b4fa99e8a852412450ab78713aad30d21fa6966c9b8c9fb3262a970dc62950d4dd4ed62598229b1b72794fc0335"
                        + "199d9f7fcc6eaedde92cc04870e63f16"),
            Map.entry("registration_request", "5059ff249eb1551b7ce4991f3336205bde44a105a032e747d21bf382e75f7a71"),
            Map.entry("registration_response", "7408a268083e03abc7097fc05b587834539065e86fb0c7b6342fcf5e01e5b019b2fe7af9f48cc502d016729d2fe25cdd"
                        + "433f2c4bc904660b2a382c9b79df1a78"),
            Map.entry("registration_upload", "76a845464c68a5d2f7e442436bb1424953b17d3e2e289ccbaccafb57ac5c36751ac5844383c7708077dea41cbefe2fa1"
                        + "5724f449e535dd7dd562e66f5ecfb95864eadddec9db5874959905117dad40a4524111849799281fefe3c51fa82785c5"
                        + "ac13171b2f17bc2c74997f0fce1e1f35bec6b91fe2e12dbd323d23ba7a38dfec634b0f5b96109c198a8027da51854c35"
                        + "bee90d1e1c781806d07d49b76de6a28b8d9e9b6c93b9f8b64d16dddd9c5bfb5fea48ee8fd2f75012a8b308605cdd8ba5"),
            Map.entry("session_key", "42afde6f5aca0cfa5c163763fbad55e73a41db6b41bc87b8e7b62214a8eedc6731fa3cb857d657ab9b3764b89a84e91e"
                        + "bcb4785166fbb02cedfcbdfda215b96f"))).run();
    }

    @Test
    void p256RealWithIdentities() throws Exception {
        new OpaqueVectorRunner(
            Map.ofEntries(
            Map.entry("Context", "4f50415155452d504f43"),
            Map.entry("Fake", "False"),
            Map.entry("Group", "P256_XMD:SHA-256_SSWU_RO_"),
            Map.entry("Hash", "SHA256"),
            Map.entry("KDF", "HKDF-SHA256"),
            Map.entry("KSF", "Identity"),
            Map.entry("MAC", "HMAC-SHA256"),
            Map.entry("Name", "3DH"),
            Map.entry("Nh", "32"),
            Map.entry("Nm", "32"),
            Map.entry("Nok", "32"),
            Map.entry("Npk", "33"),
            Map.entry("Nsk", "32"),
            Map.entry("Nx", "32"),
            Map.entry("OPRF", "P256-SHA256")),
            Map.ofEntries(
            Map.entry("blind_login", "c497fddf6056d241e6cf9fb7ac37c384f49b357a221eb0a802c989b9942256c1"),
            Map.entry("blind_registration", "411bf1a62d119afe30df682b91a0a33d777972d4f2daa4b34ca527d597078153"),
            Map.entry("client_identity", "616c696365"),
            Map.entry("client_keyshare_seed", "633b875d74d1556d2a2789309972b06db21dfcc4f5ad51d7e74d783b7cfab8dc"),
            Map.entry("client_nonce", "ab3d33bde0e93eda72392346a7a73051110674bbf6b1b7ffab8be4f91fdaeeb1"),
            Map.entry("credential_identifier", "31323334"),
            Map.entry("envelope_nonce", "a921f2a014513bd8a90e477a629794e89fec12d12206dde662ebdcf65670e51f"),
            Map.entry("masking_nonce", "38fe59af0df2c79f57b8780278f5ae47355fe1f817119041951c80f612fdfc6d"),
            Map.entry("oprf_seed", "62f60b286d20ce4fd1d64809b0021dad6ed5d52a2c8cf27ae6582543a0a8dce2"),
            Map.entry("password", "436f7272656374486f72736542617474657279537461706c65"),
            Map.entry("server_identity", "626f62"),
            Map.entry("server_keyshare_seed", "05a4f54206eef1ba2f615bc0aa285cb22f26d1153b5b40a1e85ff80da12f982f"),
            Map.entry("server_nonce", "71cd9960ecef2fe0d0f7494986fa3d8b2bb01963537e60efb13981e138e3d4a1"),
            Map.entry("server_private_key", "c36139381df63bfc91c850db0b9cfbec7a62e86d80040a41aa7725bf0e79d5e5"),
            Map.entry("server_public_key", "035f40ff9cf88aa1f5cd4fe5fd3da9ea65a4923a5594f84fd9f2092d6067784874")),
            Map.ofEntries(
            Map.entry("auth_key", "5bd4be1602516092dc5078f8d699f5721dc1720a49fb80d8e5c16377abd0987b"),
            Map.entry("client_mac_key", "7f629eb0b1b69979b07ca1f564b3e92ed22f07569fd1d11725d93e46731fbe71"),
            Map.entry("client_public_key", "03b218507d978c3db570ca994aaf36695a731ddb2db272c817f79746fc37ae5214"),
            Map.entry("envelope", "a921f2a014513bd8a90e477a629794e89fec12d12206dde662ebdcf65670e51f4d7773a36a208a866301dbb2858e40dc"
                        + "5638017527cf91aef32d3848eebe0971"),
            Map.entry("handshake_secret", "80bdcc498f22de492e90ee8101fcc7c101e158dd49c77f7c283816ae329ed62f"),
            Map.entry("masking_key", "7f0ed53532d3ae8e505ecc70d42d2b814b6b0e48156def71ea029148b2803aaf"),
            Map.entry("oprf_key", "2dfb5cb9aa1476093be74ca0d43e5b02862a05f5d6972614d7433acdc66f7f31"),
            Map.entry("randomized_password", "06be0a1a51d56557a3adad57ba29c5510565dcd8b5078fa319151b9382258fb0"),
            Map.entry("server_mac_key", "0f82432fbdb5b90daf27a91a3acc42299a9590dba1b77932c2207b4cb3d4a157")),
            Map.ofEntries(
            Map.entry("KE1", "037342f0bcb3ecea754c1e67576c86aa90c1de3875f390ad599a26686cdfee6e07ab3d33bde0e93eda72392346a7a730"
                        + "51110674bbf6b1b7ffab8be4f91fdaeeb1022ed3f32f318f81bab80da321fecab3cd9b6eea11a95666dfa6beeaab3212"
                        + "80b6"),
            Map.entry("KE2", "0246da9fe4d41d5ba69faa6c509a1d5bafd49a48615a47a8dd4b0823cc1476481138fe59af0df2c79f57b8780278f5ae"
                        + "47355fe1f817119041951c80f612fdfc6d2f0c547f70deaeca54d878c14c1aa5e1ab405dec833777132eea905c2fbb12"
                        + "504a67dcbe0e66740c76b62c13b04a38a77926e19072953319ec65e41f9bfd2ae268d7f106042021c80300e4c6f58598"
                        + "0cf39fc51a4a6bba41b0729f9b240c729e5671cd9960ecef2fe0d0f7494986fa3d8b2bb01963537e60efb13981e138e3"
                        + "d4a103c1701353219b53acf337bf6456a83cefed8f563f1040b65afbf3b65d3bc9a19b84922c7e5d074838a8f278592c"
                        + "53f61fb59f031e85ad480c0c71086b871e1b24"),
            Map.entry("KE3", "46833578cee137775f6be3f01b80748daac5a694101ad0e9e7025480552da56a"),
            Map.entry("export_key", "c3c9a1b0e33ac84dd83d0b7e8af6794e17e7a3caadff289fbd9dc769a853c64b"),
            Map.entry("registration_request", "029e949a29cfa0bf7c1287333d2fb3dc586c41aa652f5070d26a5315a1b50229f8"),
            Map.entry("registration_response", "0350d3694c00978f00a5ce7cd08a00547e4ab5fb5fc2b2f6717cdaa6c89136efef035f40ff9cf88aa1f5cd4fe5fd3da9"
                        + "ea65a4923a5594f84fd9f2092d6067784874"),
            Map.entry("registration_upload", "03b218507d978c3db570ca994aaf36695a731ddb2db272c817f79746fc37ae52147f0ed53532d3ae8e505ecc70d42d2b"
                        + "814b6b0e48156def71ea029148b2803aafa921f2a014513bd8a90e477a629794e89fec12d12206dde662ebdcf65670e5"
                        + "1f4d7773a36a208a866301dbb2858e40dc5638017527cf91aef32d3848eebe0971"),
            Map.entry("session_key", "27766fabd8dd88ff37fbd0ef1a491e601d10d9f016c2b28c4bd1b0fb7511a3c3"))).run();
    }

    @Test
    void ristretto255Fake() throws Exception {
        new OpaqueVectorRunner(
            Map.ofEntries(
            Map.entry("Context", "4f50415155452d504f43"),
            Map.entry("Fake", "True"),
            Map.entry("Group", "ristretto255"),
            Map.entry("Hash", "SHA512"),
            Map.entry("KDF", "HKDF-SHA512"),
            Map.entry("KSF", "Identity"),
            Map.entry("MAC", "HMAC-SHA512"),
            Map.entry("Name", "3DH"),
            Map.entry("Nh", "64"),
            Map.entry("Nm", "64"),
            Map.entry("Nok", "32"),
            Map.entry("Npk", "32"),
            Map.entry("Nsk", "32"),
            Map.entry("Nx", "64"),
            Map.entry("OPRF", "ristretto255-SHA512")),
            Map.ofEntries(
            Map.entry("KE1", "b0a26dcaca2230b8f5e4b1bcab9c84b586140221bb8b2848486874b0be44890542d4e61ed3f8d64cdd3b9d153343eca1"
                        + "5b9b0d5e388232793c6376bd2d9cfd0ab641d7f20a245a09f1d4dbb6e301661af7f352beb0791d055e48d3645232f77f"),
            Map.entry("client_identity", "616c696365"),
            Map.entry("client_keyshare_seed", "a270dc715dc2b4612bc7864312a05c3e9788ee1bad1f276d1e15bdeb4c355e94"),
            Map.entry("client_private_key", "2b98980aa95ab53a0f39f0291903d2fdf04b00c167f0814169922df873002409"),
            Map.entry("client_public_key", "84f43f9492e19c22d8bdaa4447cc3d4db1cdb5427a9f852c4707921212c36251"),
            Map.entry("credential_identifier", "31323334"),
            Map.entry("masking_key", "39ebd51f0e39a07a1c2d2431995b0399bca9996c5d10014d6ebab4453dc10ce5cef38ed3df6e56bfff40c2d8dd4671c2"
                        + "b4cf63c3d54860f31fe40220d690bb71"),
            Map.entry("masking_nonce", "9c035896a043e70f897d87180c543e7a063b83c1bb728fbd189c619e27b6e5a6"),
            Map.entry("oprf_seed", "743fc168d1f826ad43738933e5adb23da6fb95f95a1b069f0daa0522d0a78b617f701fc6aa46d3e7981e70de7765dfcd"
                        + "6b1e13e3369a582eb8dc456b10aa53b0"),
            Map.entry("server_identity", "626f62"),
            Map.entry("server_keyshare_seed", "360b0937f47d45f6123a4d8f0d0c0814b6120d840ebb8bc5b4f6b62df07f78c2"),
            Map.entry("server_nonce", "1e10f6eeab2a7a420bf09da9b27a4639645622c46358de9cf7ae813055ae2d12"),
            Map.entry("server_private_key", "c788585ae8b5ba2942b693b849be0c0426384e41977c18d2e81fbe30fd7c9f06"),
            Map.entry("server_public_key", "825f832667480f08b0c9069da5083ac4d0e9ee31b49c4e0310031fea04d52966")),
            Map.of(),
            Map.ofEntries(
            Map.entry("KE2", "928f79ad8df21963e91411b9f55165ba833dea918f441db967cdc09521d229259c035896a043e70f897d87180c543e7a"
                        + "063b83c1bb728fbd189c619e27b6e5a632b5ab1bff96636144faa4f9f9afaac75dd88ea99cf5175902ae3f3b2195693f"
                        + "165f11929ba510a5978e64dcdabecbd7ee1e4380ce270e58fea58e6462d92964a1aaef72698bca1c673baeb04cc2bf7d"
                        + "e5f3c2f5553464552d3a0f7698a9ca7f9c5e70c6cb1f706b2f175ab9d04bbd13926e816b6811a50b4aafa9799d5ed797"
                        + "1e10f6eeab2a7a420bf09da9b27a4639645622c46358de9cf7ae813055ae2d1298251c5ba55f6b0b2d58d9ff0c88fe41"
                        + "76484be62a96db6e2a8c4d431bd1bf27fe6c1d0537603835217d42ebf7b2581982732e74892fd28211b31ed33863f0be"
                        + "af75ba6f59474c0aaf9d78a60a9b2f4cd24d7ab54131b3c8efa192df6b72db4c"))).run();
    }

    @Test
    void p256Fake() throws Exception {
        new OpaqueVectorRunner(
            Map.ofEntries(
            Map.entry("Context", "4f50415155452d504f43"),
            Map.entry("Fake", "True"),
            Map.entry("Group", "P256_XMD:SHA-256_SSWU_RO_"),
            Map.entry("Hash", "SHA256"),
            Map.entry("KDF", "HKDF-SHA256"),
            Map.entry("KSF", "Identity"),
            Map.entry("MAC", "HMAC-SHA256"),
            Map.entry("Name", "3DH"),
            Map.entry("Nh", "32"),
            Map.entry("Nm", "32"),
            Map.entry("Nok", "32"),
            Map.entry("Npk", "33"),
            Map.entry("Nsk", "32"),
            Map.entry("Nx", "32"),
            Map.entry("OPRF", "P256-SHA256")),
            Map.ofEntries(
            Map.entry("KE1", "0396875da2b4f7749bba411513aea02dc514a48d169d8a9531bd61d3af3fa9baae42d4e61ed3f8d64cdd3b9d153343ec"
                        + "a15b9b0d5e388232793c6376bd2d9cfd0a02147a6583983cc9973b5082db5f5070890cb373d70f7ac1b41ed230536100"
                        + "9784"),
            Map.entry("client_identity", "616c696365"),
            Map.entry("client_keyshare_seed", "a270dc715dc2b4612bc7864312a05c3e9788ee1bad1f276d1e15bdeb4c355e94"),
            Map.entry("client_private_key", "d423b87899fc61d014fc8330a4e26190fcfa470a3afe5924324294af7dbbc1dd"),
            Map.entry("client_public_key", "03b81708eae026a9370616c22e1e8542fe9dbebd36ce8a2661b708e9628f4a57fc"),
            Map.entry("credential_identifier", "31323334"),
            Map.entry("masking_key", "caecc6ccb4cae27cb54d8f3a1af1bac52a3d53107ce08497cdd362b1992e4e5e"),
            Map.entry("masking_nonce", "9c035896a043e70f897d87180c543e7a063b83c1bb728fbd189c619e27b6e5a6"),
            Map.entry("oprf_seed", "bb1cd59e16ac09bc0cb6d528541695d7eba2239b1613a3db3ade77b36280f725"),
            Map.entry("server_identity", "626f62"),
            Map.entry("server_keyshare_seed", "360b0937f47d45f6123a4d8f0d0c0814b6120d840ebb8bc5b4f6b62df07f78c2"),
            Map.entry("server_nonce", "1e10f6eeab2a7a420bf09da9b27a4639645622c46358de9cf7ae813055ae2d12"),
            Map.entry("server_private_key", "34fbe7e830be1fe8d2187c97414e3826040cbe49b893b64229bab5e85a5888c7"),
            Map.entry("server_public_key", "0221e034c0e202fe883dcfc96802a7624166fed4cfcab4ae30cf5f3290d01c88bf")),
            Map.of(),
            Map.ofEntries(
            Map.entry("KE2", "0201198dcd13f9792eb75dcfa815f61b049abfe2e3e9456d4bbbceec5f442efd049c035896a043e70f897d87180c543e"
                        + "7a063b83c1bb728fbd189c619e27b6e5a6facda65ce0a97b9085e7af07f61fd3fdd046d257cbf2183ce8766090b8041a"
                        + "8bf28d79dd4c9031ddc75bb6ddb4c291e639937840e3d39fc0d5a3d6e7723c09f7945df485bcf9aefe3fe82d149e8404"
                        + "9e259bb5b33d6a2ff3b25e4bfb7eff0962821e10f6eeab2a7a420bf09da9b27a4639645622c46358de9cf7ae813055ae"
                        + "2d12023f82bbb24e75b8683fd13b843cd566efae996cd0016cffdcc24ee2bc937d026f80144878749a69565b433c1040"
                        + "aff67e94f79345de888a877422b9bbe21ec329"))).run();
    }
}
